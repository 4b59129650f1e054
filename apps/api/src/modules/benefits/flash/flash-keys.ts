/**
 * The Redis keys of one drop. Every key starts with the hash tag `{sale:<id>}`, so all of them live in one
 * Redis Cluster slot and each Lua script touches one slot. The app's clients prefix every key with
 * `<REDIS_PREFIX>:` (ioredis `keyPrefix`, Lua KEYS included): `su:{sale:12}:stock` still hashes on `sale:12`,
 * because Redis hashes the first `{…}` of a key and the prefix (`[A-Za-z0-9_-]`, see EnvDto) holds no brace.
 */
export class FlashKeys {
  readonly tag: string;

  constructor(readonly dropId: string) {
    this.tag = `{sale:${dropId}}`;
  }

  /** Hash: s starts ms, e ends ms, l per-member limit, n stock, v version, x closed ('e' ended, 'c' cancelled). */
  get meta(): string {
    return `${this.tag}:meta`;
  }

  /** Coupons left (a counter; slot of a grant = stock − what is left after it). */
  get stock(): string {
    return `${this.tag}:stock`;
  }

  /** Set of the user ids who may grab. */
  get audience(): string {
    return `${this.tag}:aud`;
  }

  /** The audience being built by one pre-heat run, renamed onto `audience` at once when complete. */
  audienceNext(run: string): string {
    return `${this.tag}:aud:next:${run}`;
  }

  /** Hash user id → coupons granted (the per-member limit). */
  get users(): string {
    return `${this.tag}:users`;
  }

  /** Grant counts restored from PostgreSQL by a pre-heat run that found the stock counter gone. */
  usersNext(run: string): string {
    return `${this.tag}:users:next:${run}`;
  }

  /** Append-only list of every grant, `couponId|userId|seq|slot|grantedAtMs`, in grant order. */
  get grants(): string {
    return `${this.tag}:grants`;
  }

  /** How many entries of `grants` the persist job has written to PostgreSQL. */
  get persisted(): string {
    return `${this.tag}:persisted`;
  }

  idempotency(userId: string, key: string): string {
    return `${this.tag}:idem:${userId}:${key}`;
  }

  memberRate(userId: string): string {
    return `${this.tag}:rl:u:${userId}`;
  }

  ipRate(ip: string): string {
    return `${this.tag}:rl:ip:${ip}`;
  }

  /** The keys that hold the drop's state (rate-limit and idempotency keys expire by themselves). */
  get stateKeys(): string[] {
    return [this.stock, this.audience, this.users, this.grants, this.persisted];
  }
}

import { hkdfSync } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

import { plainToInstance } from 'class-transformer';
import { type ValidationError, validateSync } from 'class-validator';
import { config as loadDotenv } from 'dotenv';

import { EnvDto } from './env.dto';

export interface WechatConfig {
  baseUrl: string;
  appId: string;
  appSecret: string;
}

export interface PiiConfig {
  encryptionKey: Buffer;
  hmacKey: Buffer;
}

/** `http`: the real-name service at baseUrl; `local`: deterministic, development and tests only; `off`: none. */
export type IdentityVerifierConfig =
  { kind: 'http'; baseUrl: string; appCode: string; timeoutMs: number } | { kind: 'local' } | { kind: 'off' };

export interface AlipayConfig {
  gatewayUrl: string;
  appId: string;
  appPrivateKeyPem: string;
  alipayPublicKeyPem: string;
}

export interface MqttConfig {
  url: string;
  username?: string;
  password?: string;
}

/** Station devices: door locks and occupancy sensors behind MQTT. */
export interface DevicesConfig {
  /** How long DoorCommander waits for a lock's ack; commands expire after the same time. */
  doorAckTimeoutMs: number;
  /** A station not heard from for this long is offline (and older state messages are ignored). */
  offlineAfterSeconds: number;
}

/** Flash-sale drops: pre-heat, the grab's rate limits and idempotency, persistence of grants. */
export interface FlashConfig {
  preheatLeadSeconds: number;
  memberRateLimit: number;
  ipRateLimit: number;
  rateWindowMs: number;
  idempotencyTtlSeconds: number;
  persistBatch: number;
  persistKickMs: number;
  keyRetentionSeconds: number;
  /** Mounts the row-lock baseline grab for bench/flash-sale.mjs; never in production. */
  benchBaseline: boolean;
}

/** The typed configuration every other layer receives. Only this folder reads process.env. */
export interface AppConfig {
  env: 'development' | 'test' | 'production';
  http: {
    host: string;
    port: number;
    trustProxy: boolean;
    bodyLimitBytes: number;
    uploadLimitBytes: number;
    serveH5Dir?: string;
  };
  database: { url: string; poolSize: number };
  redis: { url: string; prefix: string };
  mqtt: MqttConfig;
  devices: DevicesConfig;
  flash: FlashConfig;
  auth: {
    jwtSecret: string;
    jwtIssuer: string;
    accessTtlSeconds: number;
    refreshTtlDays: number;
    devLogin: boolean;
    loginRateLimitPerMinute: number;
    providerTimeoutMs: number;
    wechat?: WechatConfig;
    alipay?: AlipayConfig;
  };
  pii: PiiConfig;
  identityVerifier: IdentityVerifierConfig;
  /** Public origin of the H5 app (join QR codes link there). */
  publicAppUrl: string;
  log: { level: string; pretty: boolean };
  swaggerEnabled: boolean;
  shutdownTimeoutMs: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function flatten(errors: ValidationError[]): string[] {
  return errors.flatMap((e) => {
    const reasons = Object.values(e.constraints ?? {});
    const value = e.value === undefined ? 'missing' : 'invalid';
    return reasons.length > 0
      ? [`${e.property} (${value}): ${reasons.join('; ')}`]
      : flatten(e.children ?? []);
  });
}

/**
 * Outside production a missing PII key is derived from JWT_SECRET, so the quick start needs no extra setup.
 * Production refuses to start without real keys (above).
 */
function devKey(secret: string, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'smartunion', purpose, 32));
}

const pem = (value: string): string => value.replace(/\\n/g, '\n');

/** Finds the repository root (the folder holding pnpm-workspace.yaml) from this file. */
function repoRoot(): string | undefined {
  let dir = __dirname;
  for (let i = 0; i < 8; i += 1) {
    if (existsSync(resolve(dir, 'pnpm-workspace.yaml'))) return dir;
    dir = resolve(dir, '..');
  }
  return undefined;
}

/**
 * Reads `.env` at the repository root (never overriding variables already set), validates the environment and
 * returns the typed configuration. Throws ConfigError naming each bad or missing variable.
 */
export function loadConfig(
  source: NodeJS.ProcessEnv = process.env,
  options: { dotenv?: boolean } = {},
): AppConfig {
  if (options.dotenv ?? source === process.env) {
    const root = repoRoot();
    const file = root ? resolve(root, '.env') : undefined;
    if (file && existsSync(file)) loadDotenv({ path: file, quiet: true });
  }
  const dto = plainToInstance(EnvDto, { ...source }, { exposeDefaultValues: true });
  const errors = validateSync(dto, { whitelist: false, forbidUnknownValues: true });
  const problems = flatten(errors);
  if (dto.NODE_ENV === 'production' && dto.AUTH_DEV_LOGIN) {
    problems.push('AUTH_DEV_LOGIN (invalid): the dev login provider can never be enabled in production');
  }
  if (dto.NODE_ENV === 'production' && dto.FLASH_BENCH_BASELINE) {
    problems.push(
      'FLASH_BENCH_BASELINE (invalid): the benchmark baseline can never be mounted in production',
    );
  }
  if (dto.NODE_ENV === 'production') {
    for (const key of ['PII_ENCRYPTION_KEY', 'PII_HMAC_KEY'] as const) {
      if (!dto[key]) problems.push(`${key} (missing): required in production`);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    env: dto.NODE_ENV,
    http: {
      host: dto.HOST,
      port: dto.PORT,
      trustProxy: dto.TRUST_PROXY,
      bodyLimitBytes: dto.BODY_LIMIT_BYTES,
      uploadLimitBytes: dto.UPLOAD_LIMIT_BYTES,
      serveH5Dir: dto.SERVE_H5_DIR ? resolve(repoRoot() ?? process.cwd(), dto.SERVE_H5_DIR) : undefined,
    },
    database: { url: dto.DATABASE_URL, poolSize: dto.DATABASE_POOL_SIZE },
    redis: { url: dto.REDIS_URL, prefix: dto.REDIS_PREFIX },
    mqtt: { url: dto.MQTT_URL, username: dto.MQTT_USERNAME, password: dto.MQTT_PASSWORD },
    devices: {
      doorAckTimeoutMs: dto.DOOR_ACK_TIMEOUT_MS,
      offlineAfterSeconds: dto.STATION_OFFLINE_AFTER_SECONDS,
    },
    flash: {
      preheatLeadSeconds: dto.FLASH_PREHEAT_LEAD_SECONDS,
      memberRateLimit: dto.FLASH_MEMBER_RATE_LIMIT,
      ipRateLimit: dto.FLASH_IP_RATE_LIMIT,
      rateWindowMs: dto.FLASH_RATE_WINDOW_MS,
      idempotencyTtlSeconds: dto.FLASH_IDEMPOTENCY_TTL_SECONDS,
      persistBatch: dto.FLASH_PERSIST_BATCH,
      persistKickMs: dto.FLASH_PERSIST_KICK_MS,
      keyRetentionSeconds: dto.FLASH_KEY_RETENTION_SECONDS,
      benchBaseline: dto.FLASH_BENCH_BASELINE,
    },
    auth: {
      jwtSecret: dto.JWT_SECRET,
      jwtIssuer: dto.JWT_ISSUER,
      accessTtlSeconds: dto.JWT_ACCESS_TTL_SECONDS,
      refreshTtlDays: dto.REFRESH_TOKEN_TTL_DAYS,
      devLogin: dto.AUTH_DEV_LOGIN,
      loginRateLimitPerMinute: dto.LOGIN_RATE_LIMIT_PER_MINUTE,
      providerTimeoutMs: dto.LOGIN_PROVIDER_TIMEOUT_MS,
      wechat:
        dto.WECHAT_APP_ID && dto.WECHAT_APP_SECRET
          ? { baseUrl: dto.WECHAT_API_BASE, appId: dto.WECHAT_APP_ID, appSecret: dto.WECHAT_APP_SECRET }
          : undefined,
      alipay:
        dto.ALIPAY_APP_ID && dto.ALIPAY_APP_PRIVATE_KEY && dto.ALIPAY_PUBLIC_KEY
          ? {
              gatewayUrl: dto.ALIPAY_GATEWAY,
              appId: dto.ALIPAY_APP_ID,
              appPrivateKeyPem: pem(dto.ALIPAY_APP_PRIVATE_KEY),
              alipayPublicKeyPem: pem(dto.ALIPAY_PUBLIC_KEY),
            }
          : undefined,
    },
    pii: {
      encryptionKey: dto.PII_ENCRYPTION_KEY
        ? Buffer.from(dto.PII_ENCRYPTION_KEY, 'base64')
        : devKey(dto.JWT_SECRET, 'pii-encryption'),
      hmacKey: dto.PII_HMAC_KEY
        ? Buffer.from(dto.PII_HMAC_KEY, 'base64')
        : devKey(dto.JWT_SECRET, 'pii-hmac'),
    },
    identityVerifier: dto.IDV_BASE_URL
      ? {
          kind: 'http',
          baseUrl: dto.IDV_BASE_URL,
          appCode: dto.IDV_APP_CODE ?? '',
          timeoutMs: dto.IDV_TIMEOUT_MS,
        }
      : dto.NODE_ENV === 'production'
        ? { kind: 'off' }
        : { kind: 'local' },
    publicAppUrl: dto.PUBLIC_APP_URL.replace(/\/+$/, ''),
    log: { level: dto.LOG_LEVEL, pretty: dto.LOG_PRETTY },
    swaggerEnabled: dto.SWAGGER_ENABLED,
    shutdownTimeoutMs: dto.SHUTDOWN_TIMEOUT_MS,
  };
}

/** For entry points: the config, or a message naming every bad variable on stderr and exit code 1. */
export function loadConfigOrExit(): AppConfig {
  try {
    return loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
}

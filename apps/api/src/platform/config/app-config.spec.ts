import { ConfigError, loadConfig } from './app-config';

const valid = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/x',
  REDIS_URL: 'redis://127.0.0.1:6379',
  JWT_SECRET: 'x'.repeat(32),
};

describe('loadConfig', () => {
  it('applies defaults and types', () => {
    const config = loadConfig({ ...valid, PORT: '4000', AUTH_DEV_LOGIN: 'true' }, { dotenv: false });
    expect(config.http.port).toBe(4000);
    expect(config.auth.devLogin).toBe(true);
    expect(config.auth.accessTtlSeconds).toBe(900);
    expect(config.auth.wechat).toBeUndefined();
    expect(config.mqtt).toEqual({ url: 'mqtt://127.0.0.1:1883', username: undefined, password: undefined });
    expect(config.devices).toEqual({ doorAckTimeoutMs: 5000, offlineAfterSeconds: 300 });
  });

  it('reads the MQTT broker and device timings, and names a bad broker URL', () => {
    const config = loadConfig(
      {
        ...valid,
        MQTT_URL: 'mqtts://broker.example:8883',
        MQTT_USERNAME: 'api',
        MQTT_PASSWORD: '',
        DOOR_ACK_TIMEOUT_MS: '2500',
        STATION_OFFLINE_AFTER_SECONDS: '120',
      },
      { dotenv: false },
    );
    expect(config.mqtt).toEqual({ url: 'mqtts://broker.example:8883', username: 'api', password: undefined });
    expect(config.devices).toEqual({ doorAckTimeoutMs: 2500, offlineAfterSeconds: 120 });
    expect(() =>
      loadConfig({ ...valid, MQTT_URL: 'http://broker', DOOR_ACK_TIMEOUT_MS: '10' }, { dotenv: false }),
    ).toThrow(/MQTT_URL \(invalid\)[\s\S]*DOOR_ACK_TIMEOUT_MS \(invalid\)/);
  });

  it('names every missing or bad variable', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', JWT_SECRET: 'short' }, { dotenv: false });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const text = (error as ConfigError).problems.join('\n');
    expect(text).toMatch(/DATABASE_URL \(missing\)/);
    expect(text).toMatch(/REDIS_URL \(missing\)/);
    expect(text).toMatch(/PORT \(invalid\)/);
    expect(text).toMatch(/JWT_SECRET \(invalid\)/);
  });

  it('refuses the dev login in production', () => {
    expect(() =>
      loadConfig({ ...valid, NODE_ENV: 'production', AUTH_DEV_LOGIN: 'true' }, { dotenv: false }),
    ).toThrow(/AUTH_DEV_LOGIN/);
  });

  it('requires the secret with the WeChat app id and unescapes PEM keys', () => {
    expect(() => loadConfig({ ...valid, WECHAT_APP_ID: 'wx1' }, { dotenv: false })).toThrow(
      /WECHAT_APP_SECRET/,
    );
    const config = loadConfig(
      {
        ...valid,
        ALIPAY_APP_ID: '2021',
        ALIPAY_APP_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----\\nabc\\n-----END PRIVATE KEY-----',
        ALIPAY_PUBLIC_KEY: '-----BEGIN PUBLIC KEY-----\\nabc\\n-----END PUBLIC KEY-----',
      },
      { dotenv: false },
    );
    expect(config.auth.alipay?.appPrivateKeyPem).toContain('\nabc\n');
  });

  it('requires PII keys in production, derives them elsewhere, and treats KEY= as unset', () => {
    expect(() =>
      loadConfig({ ...valid, NODE_ENV: 'production', PII_ENCRYPTION_KEY: '' }, { dotenv: false }),
    ).toThrow(/PII_ENCRYPTION_KEY \(missing\)[\s\S]*PII_HMAC_KEY \(missing\)/);
    const dev = loadConfig({ ...valid, PII_ENCRYPTION_KEY: '' }, { dotenv: false });
    expect(dev.pii.encryptionKey).toHaveLength(32);
    expect(dev.pii.encryptionKey.equals(dev.pii.hmacKey)).toBe(false);
    expect(dev.identityVerifier).toEqual({ kind: 'local' });
    const key = Buffer.alloc(32, 7).toString('base64');
    const prod = loadConfig(
      { ...valid, NODE_ENV: 'production', PII_ENCRYPTION_KEY: key, PII_HMAC_KEY: key },
      { dotenv: false },
    );
    expect(prod.pii.encryptionKey.equals(Buffer.alloc(32, 7))).toBe(true);
    expect(prod.identityVerifier).toEqual({ kind: 'off' });
    expect(() => loadConfig({ ...valid, PII_ENCRYPTION_KEY: 'short' }, { dotenv: false })).toThrow(
      /PII_ENCRYPTION_KEY \(invalid\)/,
    );
  });

  it('reads the flash-sale settings and never mounts the row-lock baseline in production', () => {
    expect(loadConfig(valid, { dotenv: false }).flash).toEqual({
      preheatLeadSeconds: 300,
      memberRateLimit: 10,
      ipRateLimit: 300,
      rateWindowMs: 1000,
      idempotencyTtlSeconds: 900,
      persistBatch: 500,
      persistKickMs: 100,
      keyRetentionSeconds: 86400,
      benchBaseline: false,
    });
    const tuned = loadConfig(
      {
        ...valid,
        FLASH_PREHEAT_LEAD_SECONDS: '60',
        FLASH_IP_RATE_LIMIT: '5000',
        FLASH_BENCH_BASELINE: 'true',
      },
      { dotenv: false },
    );
    expect(tuned.flash).toMatchObject({ preheatLeadSeconds: 60, ipRateLimit: 5000, benchBaseline: true });
    expect(() =>
      loadConfig({ ...valid, FLASH_PREHEAT_LEAD_SECONDS: '1', FLASH_PERSIST_BATCH: '0' }, { dotenv: false }),
    ).toThrow(/FLASH_PREHEAT_LEAD_SECONDS \(invalid\)[\s\S]*FLASH_PERSIST_BATCH \(invalid\)/);
    const key = Buffer.alloc(32, 7).toString('base64');
    expect(() =>
      loadConfig(
        {
          ...valid,
          NODE_ENV: 'production',
          PII_ENCRYPTION_KEY: key,
          PII_HMAC_KEY: key,
          FLASH_BENCH_BASELINE: '1',
        },
        { dotenv: false },
      ),
    ).toThrow(/FLASH_BENCH_BASELINE/);
  });
});

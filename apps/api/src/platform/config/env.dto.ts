import 'reflect-metadata';

import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';

const toBool = ({ value }: { value: unknown }): unknown =>
  value === 'true' || value === '1'
    ? true
    : value === 'false' || value === '0' || value === ''
      ? false
      : value;

/** `KEY=` in a .env file means unset. */
const emptyToUndefined = ({ value }: { value: unknown }): unknown => (value === '' ? undefined : value);

/** Every environment variable the API and worker read. Validated once at start-up (see loadConfig). */
export class EnvDto {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  /** Behind a load balancer: trust X-Forwarded-For for the client IP (rate limits, audit). */
  @Transform(toBool)
  @IsBoolean()
  TRUST_PROXY = false;

  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL: string;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 10;

  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be a redis:// URL' })
  REDIS_URL: string;

  /** Prefix of every Redis key of this deployment; BullMQ gets it as a Redis Cluster hash tag. */
  @Matches(/^[A-Za-z0-9_-]{1,40}$/)
  REDIS_PREFIX = 'su';

  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET: string;

  @IsString()
  JWT_ISSUER = 'smartunion';

  @Type(() => Number)
  @IsInt()
  @Min(60)
  @Max(3600)
  JWT_ACCESS_TTL_SECONDS = 900;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(180)
  REFRESH_TOKEN_TTL_DAYS = 30;

  @Transform(toBool)
  @IsBoolean()
  AUTH_DEV_LOGIN = false;

  /** Login attempts one client IP may make per minute. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  LOGIN_RATE_LIMIT_PER_MINUTE = 30;

  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(60000)
  LOGIN_PROVIDER_TIMEOUT_MS = 5000;

  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  WECHAT_API_BASE = 'https://api.weixin.qq.com';

  @IsOptional()
  @IsString()
  WECHAT_APP_ID?: string;

  @ValidateIf((o: EnvDto) => Boolean(o.WECHAT_APP_ID))
  @IsString()
  @MinLength(1, { message: 'WECHAT_APP_SECRET is required when WECHAT_APP_ID is set' })
  WECHAT_APP_SECRET?: string;

  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  ALIPAY_GATEWAY = 'https://openapi.alipay.com/gateway.do';

  @IsOptional()
  @IsString()
  ALIPAY_APP_ID?: string;

  /** PEM; "\n" escapes are accepted so it fits on one env line. */
  @ValidateIf((o: EnvDto) => Boolean(o.ALIPAY_APP_ID))
  @Matches(/-----BEGIN (RSA )?PRIVATE KEY-----/, {
    message: 'ALIPAY_APP_PRIVATE_KEY must be a PEM private key when ALIPAY_APP_ID is set',
  })
  ALIPAY_APP_PRIVATE_KEY?: string;

  @ValidateIf((o: EnvDto) => Boolean(o.ALIPAY_APP_ID))
  @Matches(/-----BEGIN PUBLIC KEY-----/, {
    message: 'ALIPAY_PUBLIC_KEY must be a PEM public key when ALIPAY_APP_ID is set',
  })
  ALIPAY_PUBLIC_KEY?: string;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @Transform(toBool)
  @IsBoolean()
  LOG_PRETTY = false;

  /** Directory of the H5 build to serve at "/"; empty serves none. */
  @IsOptional()
  @IsString()
  SERVE_H5_DIR?: string;

  @Transform(toBool)
  @IsBoolean()
  SWAGGER_ENABLED = true;

  /** Max body size of ordinary JSON requests, bytes. */
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  BODY_LIMIT_BYTES = 1_048_576;

  /** Max size of an uploaded CSV/XLSX, bytes. */
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  UPLOAD_LIMIT_BYTES = 52_428_800;

  /** Base64 of 32 random bytes: the AES-256-GCM key of ID numbers at rest. Required in production. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^[A-Za-z0-9+/_-]{43}=?$/, { message: 'PII_ENCRYPTION_KEY must be base64 of 32 bytes' })
  PII_ENCRYPTION_KEY?: string;

  /** Base64 of at least 32 random bytes: the HMAC key of ID-number look-ups. Required in production. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^[A-Za-z0-9+/_-]{43,}={0,2}$/, { message: 'PII_HMAC_KEY must be base64 of at least 32 bytes' })
  PII_HMAC_KEY?: string;

  /** Public origin of the H5 app, used in the URLs that join QR codes carry. */
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  PUBLIC_APP_URL = 'http://localhost:3000';

  /** Real-name verification service (身份证二要素); unset: a local deterministic verifier outside production. */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  IDV_BASE_URL?: string;

  @ValidateIf((o: EnvDto) => Boolean(o.IDV_BASE_URL))
  @IsString()
  @MinLength(1, { message: 'IDV_APP_CODE is required when IDV_BASE_URL is set' })
  IDV_APP_CODE?: string;

  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(60000)
  IDV_TIMEOUT_MS = 5000;

  /** The MQTT broker of door locks and station sensors (mqtt://, mqtts://, ws:// or wss://). */
  @Matches(/^(mqtts?|wss?):\/\/.+/, { message: 'MQTT_URL must be an mqtt://, mqtts://, ws:// or wss:// URL' })
  MQTT_URL = 'mqtt://127.0.0.1:1883';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  MQTT_USERNAME?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  MQTT_PASSWORD?: string;

  /** How long an open-door command waits for the lock's acknowledgement; also the command's lifetime. */
  @Type(() => Number)
  @IsInt()
  @Min(500)
  @Max(60000)
  DOOR_ACK_TIMEOUT_MS = 5000;

  /** A station whose device has not reported for this long counts as offline. */
  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(86400)
  STATION_OFFLINE_AFTER_SECONDS = 300;

  /** Flash drops are pre-heated into Redis this long before they open (a drop created later: at once). */
  @Type(() => Number)
  @IsInt()
  @Min(5)
  @Max(86400)
  FLASH_PREHEAT_LEAD_SECONDS = 300;

  /** Grab attempts one member may make on one drop per rate window. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  FLASH_MEMBER_RATE_LIMIT = 10;

  /** Grab attempts from one client IP on one drop per rate window (carrier NAT puts many members on one IP). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  FLASH_IP_RATE_LIMIT = 300;

  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  FLASH_RATE_WINDOW_MS = 1000;

  /** How long a grab's first answer is kept for retries with the same Idempotency-Key. */
  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(86400)
  FLASH_IDEMPOTENCY_TTL_SECONDS = 900;

  /** Grants written to PostgreSQL per INSERT by the persist job. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10000)
  FLASH_PERSIST_BATCH = 500;

  /** An API process asks for a persist run at most this often per drop (grants in between share it). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(60000)
  FLASH_PERSIST_KICK_MS = 100;

  /** Redis keys of a reconciled drop expire this long after its end. */
  @Type(() => Number)
  @IsInt()
  @Min(60)
  FLASH_KEY_RETENTION_SECONDS = 86400;

  /** Benchmarks only: also mount the PostgreSQL row-lock grab (the baseline of bench/flash-sale.mjs). */
  @Transform(toBool)
  @IsBoolean()
  FLASH_BENCH_BASELINE = false;

  /** How long shutdown waits for in-flight requests and running jobs before it gives up. */
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  SHUTDOWN_TIMEOUT_MS = 15000;
}

import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { LoginResponse } from '@smartunion/contracts';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { DataSource } from 'typeorm';

import { AppModule } from '../../src/app.module';
import { type AppConfig, loadConfig } from '../../src/platform/config/app-config';
import { configureApp } from '../../src/platform/http/configure-app';
import { createFastifyAdapter } from '../../src/platform/http/fastify-adapter';

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

export function testConfig(overrides: DeepPartial<AppConfig> = {}): AppConfig {
  const base = loadConfig(process.env, { dotenv: false });
  return {
    ...base,
    ...overrides,
    http: { ...base.http, ...overrides.http },
    auth: { ...base.auth, ...overrides.auth },
    log: { ...base.log, ...overrides.log },
    redis: { ...base.redis, ...overrides.redis },
    mqtt: { ...base.mqtt, ...overrides.mqtt },
    devices: { ...base.devices, ...overrides.devices },
  } as AppConfig;
}

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  db: DataSource;
  inject(options: InjectOptions): Promise<LightMyRequestResponse>;
  /** Logs in with the dev provider and returns the tokens. */
  login(demoKey: string): Promise<LoginResponse>;
  /** GET/POST… with a bearer token; returns status and parsed JSON body. */
  call<T = unknown>(
    method: InjectOptions['method'],
    url: string,
    token?: string,
    payload?: unknown,
  ): Promise<{ status: number; body: T; headers: LightMyRequestResponse['headers'] }>;
  close(): Promise<void>;
}

/** Boots the real HTTP app (same module graph and pipeline as main.ts) against the test database and Redis. */
export async function createTestApp(overrides: DeepPartial<AppConfig> = {}): Promise<TestApp> {
  const config = testConfig(overrides);
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config),
    createFastifyAdapter(config),
    {
      logger: false,
      abortOnError: false,
    },
  );
  await configureApp(app);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();

  const inject = (options: InjectOptions): Promise<LightMyRequestResponse> => app.inject(options);
  const call: TestApp['call'] = async (method, url, token, payload) => {
    const res = await inject({
      method,
      url,
      headers: token ? { authorization: `Bearer ${token}` } : {},
      payload: payload as InjectOptions['payload'],
    });
    const body: unknown =
      res.body && res.headers['content-type']?.toString().includes('json') ? res.json() : res.body;
    return { status: res.statusCode, body: body as never, headers: res.headers };
  };
  const login = async (demoKey: string): Promise<LoginResponse> => {
    const res = await call<LoginResponse>('POST', '/api/v1/auth/login', undefined, {
      provider: 'dev',
      code: demoKey,
    });
    if (res.status !== 200)
      throw new Error(`login ${demoKey} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  return { app, config, db: app.get(DataSource), inject, call, login, close: () => app.close() };
}

import { Module } from '@nestjs/common';
import { DiscoveryModule, NestFactory } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import type { INestApplicationContext } from '@nestjs/common';
import { QueueEvents } from 'bullmq';
import { DataSource } from 'typeorm';

import { PlatformModule } from '../src/platform/platform.module';
import { JobName, QueueName } from '../src/platform/queues/queue-names';
import { QueueRegistry, bullConnection, bullPrefix } from '../src/platform/queues/queues.module';
import { MissingJobHandlerError, WorkerHost } from '../src/platform/queues/worker-host';
import { WorkerModule } from '../src/worker.module';
import { insertUser, uniqueTag } from './support/fixtures';
import { testConfig } from './support/test-app';

describe('worker', () => {
  const config = testConfig();
  let worker: INestApplicationContext;

  beforeAll(async () => {
    worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger: false });
    await worker.init();
  });
  afterAll(() => worker.close());

  it('declares the hourly purge as a job scheduler (idempotent across restarts)', async () => {
    const queue = worker.get(QueueRegistry).get(QueueName.Maintenance);
    const schedulers = await queue.getJobSchedulers();
    expect(schedulers.map((s) => [s.key, s.pattern, s.tz])).toContainEqual([
      JobName.PurgeRefreshTokens,
      '17 * * * *',
      'Asia/Shanghai',
    ]);
    // A second worker instance re-declares the same scheduler instead of adding one.
    const second = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), {
      logger: false,
    });
    await second.init();
    await second.close();
    expect((await queue.getJobSchedulers()).filter((s) => s.key === JobName.PurgeRefreshTokens)).toHaveLength(
      1,
    );
  });

  it('purges expired refresh tokens when the job runs, and a re-run deletes nothing more', async () => {
    const db = worker.get(DataSource);
    const userId = await insertUser(db, `purge-${uniqueTag()}`, '过期令牌');
    await db.query(
      `INSERT INTO refresh_tokens (user_id, family_id, token_hash, expires_at)
       SELECT $1::uuid, gen_random_uuid(), sha256(gen_random_uuid()::text::bytea), now() - interval '3 days' FROM generate_series(1, 5)
       UNION ALL
       SELECT $1::uuid, gen_random_uuid(), sha256(gen_random_uuid()::text::bytea), now() + interval '3 days'`,
      [userId],
    );
    const queues = worker.get(QueueRegistry);
    const events = new QueueEvents(QueueName.Maintenance, {
      connection: bullConnection(config),
      prefix: bullPrefix(config),
    });
    await events.waitUntilReady();
    try {
      const run = async (): Promise<{ deleted: number }> => {
        const job = await queues.get(QueueName.Maintenance).add(JobName.PurgeRefreshTokens, {});
        return (await job.waitUntilFinished(events, 10_000)) as { deleted: number };
      };
      expect((await run()).deleted).toBeGreaterThanOrEqual(5);
      expect((await run()).deleted).toBe(0);
    } finally {
      await events.close();
    }
    const left: { n: string }[] = await db.query(
      `SELECT count(*) AS n FROM refresh_tokens WHERE user_id = $1`,
      [userId],
    );
    expect(left[0].n).toBe('1');
  });

  it('refuses to start when a job has no handler', async () => {
    // The same check onApplicationBootstrap runs, on a worker graph that forgot identity's jobs.
    @Module({ imports: [PlatformModule.forRoot(config, 'worker'), DiscoveryModule], providers: [WorkerHost] })
    class IncompleteWorkerModule {}
    const module = await Test.createTestingModule({ imports: [IncompleteWorkerModule] }).compile();
    try {
      const host = module.get(WorkerHost);
      expect(() => host.collectHandlers()).toThrow(MissingJobHandlerError);
      expect(() => host.collectHandlers()).toThrow(/no handler for purge-refresh-tokens/);
      expect(() => worker.get(WorkerHost).collectHandlers()).not.toThrow();
    } finally {
      await module.close();
    }
  });
});

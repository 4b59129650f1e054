// Roster import end to end on this machine: generates a valid 100,000-row CSV, creates a fresh database
// (real migrations), a grassroots union and a cadre, then uploads the file over HTTP to the compiled API and
// lets a BullMQ worker (same process) import it; polls progress like the mini-program does. Then re-imports
// the same file (everything unchanged). Bounded in time; drops its database, queue keys and file at the end.
//
// Build first:  bash scripts/pnpm.sh --filter @smartunion/contracts run build
//               (cd apps/api && npx tsc -p tsconfig.build.json)
// Run:          node bench/roster-import.mjs [rows=100000] [timeoutSeconds=300]
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const apiDir = join(root, 'apps/api');
const require = createRequire(join(apiDir, 'package.json'));

const rows = Number(process.argv[2] ?? 100_000);
const timeoutSeconds = Number(process.argv[3] ?? 300);
const runId = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
const dbName = `su_bench_roster_${runId}`;
const admin = process.env.BENCH_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dbUrl = new URL(admin);
dbUrl.pathname = `/${dbName}`;
const dataDir = join(root, 'bench/.data');
const csvPath = join(dataDir, `roster-${runId}.csv`);

if (!/^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/.test(new URL(admin).hostname)) {
  throw new Error('benchmarks only target this machine (loopback)');
}

// The compiled app reads its configuration from the environment (no .env): this run's database and prefix.
Object.assign(process.env, {
  NODE_ENV: 'development',
  DATABASE_URL: dbUrl.toString(),
  REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  REDIS_PREFIX: `su-bench-${runId}`,
  JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123456789',
  AUTH_DEV_LOGIN: 'true',
  LOG_LEVEL: 'warn',
  LOGIN_RATE_LIMIT_PER_MINUTE: '10000',
  SWAGGER_ENABLED: 'false',
});

const { Client } = require('pg');
const { idNumberCheckChar } = require('@smartunion/contracts');

const sql = async (url, text, params = []) => {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows;
  } finally {
    await client.end();
  }
};

// ------------------------------------------------------------------------------------------ data generation

const FAMILY =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红玉兵鹏辉文斌宇浩凯';
const AREAS = ['140105', '140106', '140107', '140108', '140109', '140110', '140121', '140122'];
const EMPLOYERS = [
  '美团外卖小店站',
  '饿了么迎泽站',
  '顺丰速运太原分部',
  '京东物流晋阳站',
  '滴滴出行山西',
  '货拉拉太原',
];
const OCCUPATIONS = ['delivery_rider', '快递员', 'ride_hailing_driver', '货车司机', 'courier', 'other'];

function idNumberOf(i) {
  // (area, birth day, sequence) from i: unique for i below 8 × 16,000 × 1,000.
  const area = AREAS[i % AREAS.length];
  const day = Math.floor(i / AREAS.length) % 16_000;
  const seq = Math.floor(i / (AREAS.length * 16_000)) % 1000;
  const birth = new Date(Date.UTC(1962, 0, 1) + day * 86_400_000)
    .toISOString()
    .slice(0, 10)
    .replace(/-/g, '');
  const first17 = `${area}${birth}${String(seq).padStart(3, '0')}`;
  return `${first17}${idNumberCheckChar(first17)}`;
}

async function writeCsv(path, n) {
  mkdirSync(dirname(path), { recursive: true });
  const out = createWriteStream(path);
  const write = (s) => (out.write(s) ? undefined : new Promise((r) => out.once('drain', r)));
  await write('\uFEFFname,id_number,mobile,employer,occupation,new_employment_form\r\n');
  for (let i = 0; i < n; i += 1) {
    const name = `${FAMILY[i % FAMILY.length]}${GIVEN[(i * 7) % GIVEN.length]}${GIVEN[(i * 13) % GIVEN.length]}`;
    const mobile = `1${3 + (i % 7)}${String(100_000_000 + ((i * 7919) % 900_000_000)).slice(-9)}`;
    const line = `${name},${idNumberOf(i)},${mobile},${EMPLOYERS[i % EMPLOYERS.length]},${OCCUPATIONS[i % OCCUPATIONS.length]},${i % 3 ? '是' : '否'}\r\n`;
    const wait = write(line);
    if (wait) await wait;
  }
  await new Promise((resolve, reject) => out.end((e) => (e ? reject(e) : resolve())));
}

// ------------------------------------------------------------------------------------------ the run

let api;
let worker;
// Peak resident memory of this process (API + worker + generator's buffer), sampled while imports run.
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
const deadline = setTimeout(() => {
  console.error(`timed out after ${timeoutSeconds} s`);
  void cleanup().finally(() => process.exit(2));
}, timeoutSeconds * 1000);

async function cleanup() {
  try {
    if (api) {
      const { QueueRegistry } = require('./dist/src/platform/queues/queues.module.js');
      await Promise.all(
        api
          .get(QueueRegistry)
          .all()
          .map((q) => q.obliterate({ force: true }).catch(() => undefined)),
      );
    }
  } catch {
    // best effort
  }
  await worker?.close().catch(() => undefined);
  await api?.close().catch(() => undefined);
  await sql(admin, `DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch((e) => console.error(e.message));
  rmSync(csvPath, { force: true });
}

async function importOnce(base, token, orgId, body, label) {
  const t0 = performance.now();
  const res = await fetch(`${base}/api/v1/membership/imports?orgId=${orgId}&fileName=bench.csv`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
    body,
  });
  if (res.status !== 202) throw new Error(`upload: ${res.status} ${await res.text()}`);
  const { id } = await res.json();
  const uploaded = performance.now();
  let state;
  let lastPrint = 0;
  for (;;) {
    state = await (
      await fetch(`${base}/api/v1/membership/imports/${id}`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).json();
    if (state.status === 'completed' || state.status === 'failed') break;
    if (performance.now() - lastPrint > 5000) {
      lastPrint = performance.now();
      console.log(`  ${label}: ${state.status} ${state.processedRows.toLocaleString('en-US')} rows`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const done = performance.now();
  const total = (done - t0) / 1000;
  console.log(
    `${label.padEnd(10)} ${state.status} processed=${state.processedRows} inserted=${state.insertedRows} ` +
      `unchanged=${state.unchangedRows} errors=${state.errorRows} | upload ${((uploaded - t0) / 1000).toFixed(1)} s, ` +
      `job ${((done - uploaded) / 1000).toFixed(1)} s, total ${total.toFixed(1)} s, ` +
      `${Math.round(state.processedRows / total).toLocaleString('en-US')} rows/s`,
  );
  if (state.status !== 'completed' || state.errorRows !== 0)
    throw new Error(`import ${label} did not complete cleanly`);
  return { total, state };
}

try {
  const g0 = performance.now();
  await writeCsv(csvPath, rows);
  const body = readFileSync(csvPath);
  console.log(
    `generated ${rows.toLocaleString('en-US')} rows, ${(body.length / 1e6).toFixed(1)} MB in ${((performance.now() - g0) / 1000).toFixed(1)} s`,
  );

  execFileSync(process.execPath, [join(apiDir, 'dist/src/cli/db.js'), 'migrate'], {
    stdio: 'inherit',
    env: process.env,
  });
  const [{ id: orgId }] = await sql(
    dbUrl.toString(),
    `INSERT INTO orgs (code, name, type, area_code, parent_id) VALUES ('BENCH', '压测省总工会', 'province', '140000', NULL)
     RETURNING id`,
  );
  const [{ id: unionId }] = await sql(
    dbUrl.toString(),
    `INSERT INTO orgs (code, name, type, area_code, parent_id) VALUES ('BENCH-G1', '压测骑手工会', 'grassroots', '140105', $1)
     RETURNING id`,
    [orgId],
  );
  const [{ id: userId }] = await sql(
    dbUrl.toString(),
    `INSERT INTO users (display_name, demo_key) VALUES ('压测干部', 'bench-cadre') RETURNING id`,
  );
  await sql(dbUrl.toString(), `INSERT INTO role_bindings (user_id, role, org_id) VALUES ($1, 'cadre', $2)`, [
    userId,
    unionId,
  ]);

  require('reflect-metadata');
  const { NestFactory } = require('@nestjs/core');
  const { AppModule } = require('./dist/src/app.module.js');
  const { WorkerModule } = require('./dist/src/worker.module.js');
  const { loadConfig } = require('./dist/src/platform/config/app-config.js');
  const { configureApp } = require('./dist/src/platform/http/configure-app.js');
  const { createFastifyAdapter } = require('./dist/src/platform/http/fastify-adapter.js');
  const config = loadConfig(process.env, { dotenv: false });

  api = await NestFactory.create(AppModule.forRoot(config), createFastifyAdapter(config), {
    logger: ['error'],
  });
  await configureApp(api);
  await api.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${api.getHttpServer().address().port}`;
  worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger: ['error'] });
  await worker.init();

  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ provider: 'dev', code: 'bench-cadre' }),
  });
  const { accessToken } = await login.json();

  const first = await importOnce(base, accessToken, unionId, body, 'import');
  const again = await importOnce(base, accessToken, unionId, body, 're-import');
  const [{ n }] = await sql(dbUrl.toString(), `SELECT count(*) AS n FROM members`);
  console.log(`members in the database: ${Number(n).toLocaleString('en-US')}`);
  if (Number(n) !== rows || first.state.insertedRows !== rows || again.state.unchangedRows !== rows) {
    throw new Error('counts do not add up');
  }
  console.log(
    `RESULT rows=${rows} import_s=${first.total.toFixed(1)} reimport_s=${again.total.toFixed(1)} ` +
      `peak_rss_mb=${Math.round(peakRss / 2 ** 20)} target_s=60 ${first.total < 60 ? 'MET' : 'MISSED'}`,
  );
} catch (e) {
  console.error(e);
  process.exitCode = 1;
} finally {
  clearTimeout(deadline);
  clearInterval(sampler);
  await cleanup();
}

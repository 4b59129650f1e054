// The review queue at provincial scale (issue 3): p95 of the pending-applications list with 1,000,000 members
// and 50,000 pending applications in the database, target under 50 ms.
//
// Creates a fresh database `su_bench_pending` with the real migrations, generates a union tree (1 province,
// 11 cities, 121 counties, 605 street federations, 19,965 grassroots unions), 1,000,000 members, 50,000 users
// and 200,000 join applications (50,000 pending, 150,000 decided) server-side, then calls the compiled
// ApplicationsRepository.search — the query GET /api/v1/membership/review/applications runs — with real
// OrgScopes of a grassroots cadre, county, city and province staff: page 1, a deep page, an occupation filter.
// Prints p50/p95/p99 per scenario and the EXPLAIN (ANALYZE, BUFFERS) of the slowest one. Bounded in time;
// drops its database at the end, whatever happens.
//
// Run: node bench/pending-list.mjs [iterations=200] [timeoutSeconds=900]
// (builds apps/api first, incrementally; BENCH_NO_BUILD=1 skips that)
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const apiDir = join(root, 'apps/api');
const require = createRequire(join(apiDir, 'package.json'));

const iterations = Number(process.argv[2] ?? 200);
const timeoutSeconds = Number(process.argv[3] ?? 900);
const warmup = 20;
const pageSize = 20;
const target = 50;
const dbName = 'su_bench_pending';
const admin = process.env.BENCH_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dbUrl = new URL(admin);
dbUrl.pathname = `/${dbName}`;

if (!/^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/.test(new URL(admin).hostname)) {
  throw new Error('benchmarks only target this machine (loopback)');
}

const env = {
  ...process.env,
  NODE_ENV: 'development',
  DATABASE_URL: dbUrl.toString(),
  REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123456789',
  LOG_LEVEL: 'warn',
};

// ------------------------------------------------------------------------------------------ build

// tsc is incremental here (dist/.tsbuildinfo): a no-op of a few seconds when dist/ is current.
function build() {
  if (process.env.BENCH_NO_BUILD === '1') return;
  console.log('building apps/api (incremental) …');
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: apiDir, stdio: 'inherit' });
}

// ------------------------------------------------------------------------------------------ helpers

const { Client } = require('pg');

async function connect(url) {
  const client = new Client({ connectionString: url });
  await client.connect();
  return client;
}

async function adminSql(text) {
  const client = await connect(admin);
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}

const seconds = (t0) => `${((performance.now() - t0) / 1000).toFixed(1)} s`;

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

// ------------------------------------------------------------------------------------------ data

const CITIES = [
  ['1401', '太原市'],
  ['1402', '大同市'],
  ['1403', '阳泉市'],
  ['1404', '长治市'],
  ['1405', '晋城市'],
  ['1406', '朔州市'],
  ['1407', '晋中市'],
  ['1408', '运城市'],
  ['1409', '忻州市'],
  ['1410', '临汾市'],
  ['1411', '吕梁市'],
];
const COUNTIES_PER_CITY = 11;
const STREETS_PER_COUNTY = 5;
const UNIONS_PER_STREET = 33;
const MEMBERS = 1_000_000;
const USERS = 50_000;
const PENDING = 50_000;
const DECIDED = 150_000;

const FAMILY =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国志红玉兵鹏辉文斌宇浩凯';
const EMPLOYERS = [
  '美团外卖站点',
  '饿了么蜂鸟配送',
  '顺丰速运营业部',
  '京东物流营业部',
  '滴滴出行',
  '货拉拉',
  '中通快递网点',
];

// SQL expressions of a row number `i`: a synthetic person (name, mobile, encrypted and hashed ID number).
const nameOf = (i) =>
  `substr('${FAMILY}', 1 + (${i} % ${FAMILY.length})::int, 1) || substr('${GIVEN}', 1 + ((${i} * 7) % ${GIVEN.length})::int, 1)
   || substr('${GIVEN}', 1 + ((${i} * 13) % ${GIVEN.length})::int, 1)`;
const mobileOf = (i) => `'1' || (3 + ${i} % 7) || lpad(((${i})::bigint * 7919 % 1000000000)::text, 9, '0')`;
// AES-256-GCM of an 18-character ID number is 12 (IV) + 18 + 16 (tag) = 46 bytes; HMAC-SHA256 is 32.
const cipherOf = (tag, i) =>
  `substring(decode(md5('${tag}c' || ${i}) || md5('${tag}d' || ${i}) || md5('${tag}e' || ${i}), 'hex') from 1 for 46)`;
const hashOf = (tag, i) => `sha256(convert_to('${tag}' || ${i}, 'UTF8'))`;
const maskedOf = (areaCode, i) =>
  `left(${areaCode}, 4) || '**********' || lpad((${i} % 10000)::text, 4, '0')`;
// Riders and couriers dominate, as in the platform-economy drive.
const occupationOf = (r) =>
  `CASE WHEN ${r} < 0.35 THEN 'delivery_rider' WHEN ${r} < 0.60 THEN 'courier' WHEN ${r} < 0.75 THEN 'ride_hailing_driver'
        WHEN ${r} < 0.85 THEN 'truck_driver' WHEN ${r} < 0.90 THEN 'sanitation' WHEN ${r} < 0.95 THEN 'domestic_service'
        ELSE 'other' END`;

async function generate(db) {
  const step = async (label, text) => {
    const t0 = performance.now();
    const res = await db.query(text);
    console.log(`  ${label.padEnd(44)} ${String(res.rowCount ?? '').padStart(9)} rows  ${seconds(t0)}`);
  };
  await db.query(`SELECT setseed(0.42)`);

  // The tree, level by level so the path trigger finds every parent; area codes follow the parents'.
  await step(
    'orgs: province',
    `INSERT INTO orgs (code, name, type, area_code) VALUES ('SX', '山西省总工会', 'province', '140000')`,
  );
  await step(
    'orgs: cities',
    `INSERT INTO orgs (code, name, type, area_code, parent_id)
     SELECT 'SX-' || c.prefix || '00', c.name || '总工会', 'city', c.prefix || '00', p.id
       FROM (VALUES ${CITIES.map(([prefix, name]) => `('${prefix}', '${name}')`).join(', ')}) c (prefix, name),
            orgs p
      WHERE p.code = 'SX'
      ORDER BY c.prefix`,
  );
  await step(
    'orgs: counties',
    `INSERT INTO orgs (code, name, type, area_code, parent_id)
     SELECT 'SX-' || left(c.area_code, 4) || lpad(k::text, 2, '0'),
            left(c.name, -3) || '第' || k || '县区总工会', 'county', left(c.area_code, 4) || lpad(k::text, 2, '0'), c.id
       FROM orgs c, generate_series(1, ${COUNTIES_PER_CITY}) k
      WHERE c.type = 'city'
      ORDER BY c.id, k`,
  );
  await step(
    'orgs: street federations',
    `INSERT INTO orgs (code, name, type, area_code, parent_id)
     SELECT c.code || '-S' || lpad(k::text, 2, '0'), left(c.name, -3) || '第' || k || '街道总工会', 'street',
            c.area_code, c.id
       FROM orgs c, generate_series(1, ${STREETS_PER_COUNTY}) k
      WHERE c.type = 'county'
      ORDER BY c.id, k`,
  );
  await step(
    'orgs: grassroots unions',
    `INSERT INTO orgs (code, name, type, area_code, parent_id)
     SELECT s.code || '-G' || lpad(k::text, 3, '0'), left(s.name, -3) || '第' || k || '基层工会', 'grassroots',
            s.area_code, s.id
       FROM orgs s, generate_series(1, ${UNIONS_PER_STREET}) k
      WHERE s.type = 'street'
      ORDER BY s.id, k`,
  );
  await db.query(
    `CREATE TEMP TABLE bench_unions AS
     SELECT (row_number() OVER (ORDER BY id) - 1)::int AS n, id, area_code FROM orgs WHERE type = 'grassroots'`,
  );
  await db.query(`CREATE UNIQUE INDEX ON bench_unions (n)`);
  const [{ unions }] = (await db.query(`SELECT count(*)::int AS unions FROM bench_unions`)).rows;

  // Members, evenly over the unions; member numbers as the app makes them (area code, year, sequence).
  await step(
    'members',
    `INSERT INTO members (member_no, org_id, name, mobile, id_cipher, id_hash, id_masked, birth_date, gender,
                          employer, occupation, new_employment_form, verification, verified_at, source,
                          joined_at, created_at, updated_at)
     SELECT u.area_code || '25' || lpad(nextval('member_no_seq')::text, 8, '0'), u.id, ${nameOf('g.i')},
            ${mobileOf('g.i')}, ${cipherOf('m', 'g.i')}, ${hashOf('m', 'g.i')}, ${maskedOf('u.area_code', 'g.i')},
            date '1965-01-01' + (g.i * 37 % 14000)::int, CASE WHEN g.i % 3 = 0 THEN 'female' ELSE 'male' END,
            '${EMPLOYERS[0]}', ${occupationOf('((g.i * 0.618034) % 1)')}, g.i % 3 <> 0,
            CASE WHEN g.i % 5 = 0 THEN 'unverified' ELSE 'verified' END,
            CASE WHEN g.i % 5 = 0 THEN NULL ELSE g.t END,
            CASE WHEN g.i % 4 = 0 THEN 'join' ELSE 'import' END, g.t, g.t, g.t
       FROM (SELECT i, now() - (i % 1000) * interval '1 day' AS t FROM generate_series(1, ${MEMBERS}) i) g
       JOIN bench_unions u ON u.n = g.i % ${unions}`,
  );
  await step(
    'users (applicants)',
    `INSERT INTO users (display_name) SELECT ${nameOf('i')} FROM generate_series(1, ${USERS}) i`,
  );
  await db.query(
    `CREATE TEMP TABLE bench_users AS
     SELECT (row_number() OVER (ORDER BY created_at, id) - 1)::int AS n, id FROM users`,
  );
  await db.query(`CREATE UNIQUE INDEX ON bench_users (n)`);

  // Applications: unions of the first cities (Taiyuan first) get more, as busy districts do; created over the
  // last 60 days and inserted in that order, as the app inserts them. Each pending one has its own account.
  await step(
    'join_applications (pending + decided)',
    `INSERT INTO join_applications (user_id, org_id, status, name, mobile, id_cipher, id_hash, id_masked,
                                    birth_date, gender, employer, occupation, new_employment_form, verification,
                                    verified_at, reject_reason, decided_at, member_id, created_at)
     SELECT us.id, u.id, a.status, ${nameOf('a.i')}, ${mobileOf('a.i')}, ${cipherOf('a', 'a.i')},
            ${hashOf('a', 'a.i')}, ${maskedOf('u.area_code', 'a.i')}, date '1970-01-01' + (a.i * 53 % 12000)::int,
            CASE WHEN a.i % 3 = 0 THEN 'female' ELSE 'male' END, '${EMPLOYERS[1]}', ${occupationOf('a.r')},
            a.i % 3 <> 0, CASE WHEN a.i % 10 = 0 THEN 'unverified' ELSE 'verified' END,
            CASE WHEN a.i % 10 = 0 THEN NULL ELSE a.created_at END,
            CASE WHEN a.status = 'rejected' THEN '信息与身份证件不符' END,
            CASE WHEN a.status <> 'pending' THEN a.created_at + (now() - a.created_at) * a.d END,
            CASE WHEN a.status = 'approved' THEN a.i END,
            a.created_at
       FROM (SELECT i, random() AS r, random() AS d,
                    floor(${unions} * power(random(), 1.5))::int AS union_n,
                    now() - random() * interval '60 days' AS created_at,
                    CASE WHEN i <= ${PENDING} THEN 'pending'
                         WHEN i % 20 = 0 THEN 'withdrawn'
                         WHEN i % 5 = 0 THEN 'rejected'
                         ELSE 'approved' END AS status
               FROM generate_series(1, ${PENDING + DECIDED}) i) a
       JOIN bench_unions u ON u.n = a.union_n
       JOIN bench_users us ON us.n = a.i % ${USERS}
      ORDER BY a.created_at`,
  );
  // What autovacuum would have done by the time anyone reviews: statistics, and a visibility map that lets
  // counts read indexes only.
  const t0 = performance.now();
  await db.query(`VACUUM (ANALYZE) orgs, users, members, join_applications`);
  const [{ visible }] = (
    await db.query(
      `SELECT round(100.0 * relallvisible / greatest(relpages, 1))::int AS visible
         FROM pg_class WHERE relname = 'join_applications'`,
    )
  ).rows;
  console.log(`  ${'VACUUM (ANALYZE)'.padEnd(44)} ${`${visible}% all-visible`.padStart(9)}  ${seconds(t0)}`);
}

// ------------------------------------------------------------------------------------------ the run

let db;
let ds;
let finished = false;
const deadline = setTimeout(() => {
  console.error(`timed out after ${timeoutSeconds} s`);
  void cleanup().finally(() => process.exit(2));
}, timeoutSeconds * 1000);

async function cleanup() {
  await ds?.destroy().catch(() => undefined);
  await db?.end().catch(() => undefined);
  await adminSql(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch((e) => console.error(e.message));
}

async function main() {
  build();
  require('reflect-metadata');
  const { ApplicationsRepository } = require('./dist/src/modules/membership/applications.repository.js');
  const { OrgScope } = require('./dist/src/platform/scope/org-scope.js');
  const { typeormOptions } = require('./dist/src/platform/database/typeorm-options.js');
  const { DataSource } = require('typeorm');

  const tAll = performance.now();
  await adminSql(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  await adminSql(`CREATE DATABASE "${dbName}"`);
  execFileSync('node', ['dist/src/cli/db.js', 'migrate'], { cwd: apiDir, env, stdio: 'inherit' });

  console.log('generating data …');
  const tGen = performance.now();
  db = await connect(dbUrl.toString());
  await generate(db);
  console.log(`data generated in ${seconds(tGen)}`);
  const [counts] = (
    await db.query(
      `SELECT (SELECT count(*) FROM orgs)::int AS orgs, (SELECT count(*) FROM members)::int AS members,
              (SELECT count(*) FROM join_applications WHERE status = 'pending')::int AS pending,
              (SELECT count(*) FROM join_applications WHERE status <> 'pending')::int AS decided,
              pg_size_pretty(pg_database_size(current_database())) AS size`,
    )
  ).rows;
  console.log(counts);

  // The busiest org of each level (its queue is the longest), and a quiet county for the other end.
  const busiest = async (type, order = 'DESC') =>
    (
      await db.query(
        `SELECT o.id::text AS "orgId", o.path::text AS path, o.name, count(a.id)::int AS pending
           FROM orgs o
           LEFT JOIN orgs d ON d.path <@ o.path
           LEFT JOIN join_applications a ON a.org_id = d.id AND a.status = 'pending'
          WHERE o.type = $1
          GROUP BY o.id ORDER BY count(a.id) ${order}, o.id LIMIT 1`,
        [type],
      )
    ).rows[0];
  const orgs = {
    union: await busiest('grassroots'),
    county: await busiest('county'),
    quietCounty: await busiest('county', 'ASC'),
    city: await busiest('city'),
    province: await busiest('province'),
  };
  const scopeOf = (org) =>
    new OrgScope('00000000-0000-4000-8000-000000000001', 'membership:review', [
      { orgId: org.orgId, path: org.path },
    ]);
  const offsetOf = (page) => (page - 1) * pageSize;
  const scenarios = [
    ['grassroots cadre (busiest union)', 'union', 1],
    ['county (busiest)', 'county', 1],
    ['county (busiest)', 'county', 50],
    ['county (quietest)', 'quietCounty', 1],
    ['county (quietest), occupation=sanitation', 'quietCounty', 1, 'sanitation'],
    ['city (busiest)', 'city', 1],
    ['city (busiest)', 'city', 50],
    ['province', 'province', 1],
    ['province', 'province', 50],
    ['county (busiest), occupation=courier', 'county', 1, 'courier'],
    ['city (busiest), occupation=courier', 'city', 1, 'courier'],
    ['province, occupation=courier', 'province', 1, 'courier'],
    ['province, occupation=courier', 'province', 50, 'courier'],
    ['province, occupation=sanitation', 'province', 1, 'sanitation'],
  ].map(([name, level, page, occupation]) => ({ name, level, page, occupation, org: orgs[level] }));

  // The app's own data access: TypeORM DataSource, the compiled repository, a pool of 2.
  ds = new DataSource(
    typeormOptions({ env: 'development', database: { url: dbUrl.toString(), poolSize: 2 } }, 'su-bench'),
  );
  await ds.initialize();
  // Record the SQL each search() runs, to EXPLAIN it afterwards.
  let captured = [];
  const createQueryRunner = ds.createQueryRunner.bind(ds);
  ds.createQueryRunner = (...args) => {
    const runner = createQueryRunner(...args);
    const query = runner.query.bind(runner);
    runner.query = (text, params, raw) => {
      captured.push({ text, params });
      return query(text, params, raw);
    };
    return runner;
  };
  const repo = new ApplicationsRepository(ds);

  const results = [];
  for (const s of scenarios) {
    const [{ expected }] = (
      await db.query(
        `SELECT count(*)::int AS expected FROM join_applications a JOIN orgs o ON o.id = a.org_id
          WHERE a.status = 'pending' AND o.path <@ $1::ltree AND ($2::text IS NULL OR a.occupation = $2)`,
        [s.org.path, s.occupation ?? null],
      )
    ).rows;
    const scope = scopeOf(s.org);
    const search = () =>
      repo.search(scope, {
        status: 'pending',
        occupation: s.occupation,
        offset: offsetOf(s.page),
        limit: pageSize,
      });
    let last;
    for (let i = 0; i < warmup; i += 1) last = await search();
    const times = [];
    for (let i = 0; i < iterations; i += 1) {
      captured = [];
      const t0 = performance.now();
      last = await search();
      times.push(performance.now() - t0);
    }
    const queries = captured;
    captured = [];
    times.sort((a, b) => a - b);
    // The page must be what the queue promises: oldest first, inside the scope, filtered.
    const ordered = last.items.every(
      (a, i, all) =>
        i === 0 ||
        all[i - 1].createdAt < a.createdAt ||
        (+all[i - 1].createdAt === +a.createdAt && BigInt(all[i - 1].id) < BigInt(a.id)),
    );
    const inside = last.items.every(
      (a) =>
        (a.orgPath === s.org.path || a.orgPath.startsWith(`${s.org.path}.`)) &&
        a.status === 'pending' &&
        (!s.occupation || a.occupation === s.occupation),
    );
    const rowsExpected = Math.max(0, Math.min(pageSize, expected - offsetOf(s.page)));
    if (!ordered || !inside || last.total !== expected || last.items.length !== rowsExpected) {
      throw new Error(`${s.name} page ${s.page}: wrong result (total ${last.total}, expected ${expected})`);
    }
    results.push({
      ...s,
      queries,
      total: last.total,
      rows: last.items.length,
      p50: percentile(times, 50),
      p95: percentile(times, 95),
      p99: percentile(times, 99),
    });
    console.log(
      `  ${`${s.name}, page ${s.page}`.padEnd(50)} p95 ${percentile(times, 95).toFixed(1).padStart(7)} ms`,
    );
  }

  const fmt = (n) => n.toFixed(1);
  console.log(
    `\n${iterations} iterations per scenario after ${warmup} warm-up calls, page size ${pageSize}, target p95 < ${target} ms`,
  );
  console.table(
    results.map((r) => ({
      scenario: r.name,
      page: r.page,
      total: r.total,
      rows: r.rows,
      'p50 ms': fmt(r.p50),
      'p95 ms': fmt(r.p95),
      'p99 ms': fmt(r.p99),
      met: r.p95 < target ? 'yes' : 'NO',
    })),
  );

  const slowest = results.reduce((a, b) => (b.p95 > a.p95 ? b : a));
  console.log(`\nslowest: ${slowest.name}, page ${slowest.page} (p95 ${fmt(slowest.p95)} ms)`);
  for (const q of slowest.queries) {
    console.log(`\n${q.text.replace(/\s+/g, ' ')}\nparams: ${JSON.stringify(q.params)}\n`);
    const plan = await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${q.text}`, q.params);
    console.log(plan.rows.map((r) => r['QUERY PLAN']).join('\n'));
  }
  console.log(`\ntotal run ${seconds(tAll)}`);
  finished = true;
}

try {
  await main();
} finally {
  clearTimeout(deadline);
  await cleanup();
}
process.exitCode = finished ? 0 : 1;

// Nearest-station search at provincial scale (issue 4): p50/p95/p99 of the nearby query with 6,246 stations
// and with 100,000, in SQL (the compiled StationsRepository.nearby) and over HTTP (GET /api/v1/stations/nearby
// on the compiled API, in this process). Targets: p95 under 2 ms in SQL, under 10 ms at the API.
//
// Creates a fresh database `su_bench_stations` with the real migrations, generates stations server-side with
// generate_series uniformly over Shanxi's bounding box (110.2–114.6 E, 34.6–40.7 N) with varied amenities and
// hours (a third 24-hour, some overnight), then runs every scenario from random points: uniform over the box
// (mostly empty 3 km circles, the worst case for pruning) and next to a random station (a member in town).
// Each result is checked against a brute-force ST_Distance scan for a sample of points. Bounded in time; drops
// its database and Redis keys at the end, whatever happens.
//
// Run: node bench/stations-nearby.mjs [iterations=300] [timeoutSeconds=600]
// (builds apps/api first, incrementally; BENCH_NO_BUILD=1 skips that)
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const apiDir = join(root, 'apps/api');
const require = createRequire(join(apiDir, 'package.json'));

const iterations = Math.max(200, Number(process.argv[2] ?? 300));
const timeoutSeconds = Number(process.argv[3] ?? 600);
const warmup = 30;
const dbName = 'su_bench_stations';
const runId = randomBytes(3).toString('hex');
const admin = process.env.BENCH_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dbUrl = new URL(admin);
dbUrl.pathname = `/${dbName}`;
const SIZES = [6246, 100_000];
const BOX = { west: 110.2, east: 114.6, south: 34.6, north: 40.7 };
const TARGET_SQL = 2;
const TARGET_HTTP = 10;

if (!/^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/.test(new URL(admin).hostname)) {
  throw new Error('benchmarks only target this machine (loopback)');
}

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

function build() {
  if (process.env.BENCH_NO_BUILD === '1') return;
  console.log('building contracts and apps/api (incremental) …');
  execFileSync('bash', ['scripts/pnpm.sh', '--filter', '@smartunion/contracts', 'run', 'build'], {
    cwd: root,
    stdio: 'inherit',
  });
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: apiDir, stdio: 'inherit' });
}

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
const percentile = (sorted, p) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
const fmt = (n) => n.toFixed(2);

// A deterministic stream (mulberry32) so runs are comparable.
function prng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ------------------------------------------------------------------------------------------ data

/** Stations numbered from..to (1-based), uniform over the box; amenities and hours vary with the number. */
async function insertStations(db, orgId, from, to) {
  const t0 = performance.now();
  const res = await db.query(
    `INSERT INTO stations (org_id, name, address, location, always_open, opens_at, closes_at, capacity, amenities,
                           level, photos, verified_only)
     SELECT $1, '驿站' || i, '山西省第 ' || i || ' 号',
            ST_SetSRID(ST_MakePoint(${BOX.west} + random() * ${BOX.east - BOX.west},
                                    ${BOX.south} + random() * ${BOX.north - BOX.south}), 4326)::geography,
            i % 3 = 0,
            CASE i % 3 WHEN 0 THEN NULL WHEN 1 THEN time '08:00' ELSE time '20:00' END,
            CASE i % 3 WHEN 0 THEN NULL WHEN 1 THEN time '20:00' ELSE time '02:00' END,
            5 + i % 30,
            ARRAY(SELECT a FROM unnest(ARRAY['water', 'heating_cooling', 'charging', 'microwave', 'restroom',
                                             'first_aid', 'rest_seats']) WITH ORDINALITY u (a, k)
                   WHERE (i * 37 + k * 11) % 7 < 4 + (k % 2)),
            (ARRAY['county', 'city', 'province'])[1 + i % 3], '{}', i % 10 = 0
       FROM generate_series($2::int, $3::int) i`,
    [orgId, from, to],
  );
  await db.query(`VACUUM (ANALYZE) stations`);
  console.log(`  stations ${from}–${to}: ${res.rowCount} rows + VACUUM (ANALYZE) in ${seconds(t0)}`);
}

// ------------------------------------------------------------------------------------------ the run

let db;
let ds;
let api;
let finished = false;
const deadline = setTimeout(() => {
  console.error(`timed out after ${timeoutSeconds} s`);
  void cleanup().finally(() => process.exit(2));
}, timeoutSeconds * 1000);

async function cleanup() {
  await api?.close().catch(() => undefined);
  await ds?.destroy().catch(() => undefined);
  await db?.end().catch(() => undefined);
  await adminSql(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch((e) => console.error(e.message));
  try {
    const Redis = require('ioredis');
    const redis = new Redis(process.env.REDIS_URL);
    const keys = await redis.keys(`su-bench-${runId}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  } catch (e) {
    console.error(`redis cleanup: ${e.message}`);
  }
}

async function main() {
  build();
  require('reflect-metadata');
  const { StationsRepository } = require('./dist/src/modules/stations/stations.repository.js');
  const { typeormOptions } = require('./dist/src/platform/database/typeorm-options.js');
  const { DataSource } = require('typeorm');

  await adminSql(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  await adminSql(`CREATE DATABASE "${dbName}"`);
  execFileSync('node', ['dist/src/cli/db.js', 'migrate'], {
    cwd: apiDir,
    env: process.env,
    stdio: 'inherit',
  });

  db = await connect(dbUrl.toString());
  await db.query(`SELECT setseed(0.4246)`);
  const [{ id: orgId }] = (
    await db.query(
      `INSERT INTO orgs (code, name, type, area_code) VALUES ('SX', '山西省总工会', 'province', '140000') RETURNING id`,
    )
  ).rows;
  const [{ id: userId }] = (
    await db.query(
      `INSERT INTO users (display_name, demo_key) VALUES ('压测会员', 'bench-member') RETURNING id`,
    )
  ).rows;
  await db.query(`INSERT INTO role_bindings (user_id, role, org_id) VALUES ($1, 'member', $2)`, [
    userId,
    orgId,
  ]);

  ds = new DataSource(
    typeormOptions({ env: 'development', database: { url: dbUrl.toString(), poolSize: 2 } }, 'su-bench'),
  );
  await ds.initialize();
  const repo = new StationsRepository(ds);

  const { NestFactory } = require('@nestjs/core');
  const { AppModule } = require('./dist/src/app.module.js');
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
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ provider: 'dev', code: 'bench-member' }),
  });
  const { accessToken } = await login.json();

  const results = [];
  let inserted = 0;
  for (const size of SIZES) {
    console.log(`\n== ${size.toLocaleString('en-US')} stations`);
    await insertStations(db, orgId, inserted + 1, size);
    inserted = size;
    const random = prng(size);
    const sample = (
      await db.query(`SELECT ST_Y(location::geometry) AS lat, ST_X(location::geometry) AS lng FROM stations`)
    ).rows;
    const uniformPoint = () => ({
      lat: BOX.south + random() * (BOX.north - BOX.south),
      lng: BOX.west + random() * (BOX.east - BOX.west),
    });
    // A member in town: within ~1 km of a station.
    const townPoint = () => {
      const s = sample[Math.floor(random() * sample.length)];
      return { lat: s.lat + (random() - 0.5) * 0.018, lng: s.lng + (random() - 0.5) * 0.022 };
    };
    const scenarios = [
      {
        name: 'uniform point, 3 km, limit 20',
        point: uniformPoint,
        radius: 3000,
        limit: 20,
        amenities: [],
        openNow: false,
      },
      {
        name: 'near a station, 3 km, limit 20',
        point: townPoint,
        radius: 3000,
        limit: 20,
        amenities: [],
        openNow: false,
      },
      {
        name: 'uniform point, 50 km, limit 50',
        point: uniformPoint,
        radius: 50_000,
        limit: 50,
        amenities: [],
        openNow: false,
      },
      {
        name: 'uniform, 50 km, limit 50, charging+microwave, open now',
        point: uniformPoint,
        radius: 50_000,
        limit: 50,
        amenities: ['charging', 'microwave'],
        openNow: true,
      },
      {
        name: 'near a station, 10 km, limit 20, open now',
        point: townPoint,
        radius: 10_000,
        limit: 20,
        amenities: [],
        openNow: true,
      },
    ];

    for (const s of scenarios) {
      const search = (center) =>
        repo.nearby({
          center,
          radius: s.radius,
          amenities: s.amenities,
          openNow: s.openNow,
          limit: s.limit,
          at: new Date(),
          onlineWindowMinutes: 5,
        });
      for (let i = 0; i < warmup; i += 1) await search(s.point());
      const times = [];
      let found = 0;
      for (let i = 0; i < iterations; i += 1) {
        const center = s.point();
        const t0 = performance.now();
        const rows = await search(center);
        times.push(performance.now() - t0);
        found += rows.length;
        // Correctness on a sample: the same ids as a brute-force scan (sequential, no index), in order.
        if (i % 50 === 0) {
          const brute = (
            await db.query(
              `SELECT s.id, ST_Distance(s.location, ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography, false) AS d
                 FROM stations s
                WHERE ST_Distance(s.location, ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography, false) <= $3
                  AND s.amenities @> $4::text[]
                  AND (NOT $5 OR s.always_open OR CASE WHEN s.opens_at < s.closes_at
                         THEN (now() AT TIME ZONE 'Asia/Shanghai')::time >= s.opens_at AND (now() AT TIME ZONE 'Asia/Shanghai')::time < s.closes_at
                         ELSE (now() AT TIME ZONE 'Asia/Shanghai')::time >= s.opens_at OR (now() AT TIME ZONE 'Asia/Shanghai')::time < s.closes_at END)
                ORDER BY 2
                LIMIT $6`,
              [center.lng, center.lat, s.radius, s.amenities, s.openNow, s.limit],
            )
          ).rows;
          // Same length, and the k-th distance equal to the brute force's k-th (ties may swap ids).
          if (rows.length !== brute.length || rows.some((r, k) => Math.abs(r.distance - brute[k].d) > 0.01)) {
            throw new Error(
              `${s.name}: result differs from a brute-force scan at (${center.lng}, ${center.lat})`,
            );
          }
        }
      }
      times.sort((a, b) => a - b);
      const row = {
        size,
        layer: 'SQL',
        name: s.name,
        p50: percentile(times, 50),
        p95: percentile(times, 95),
        p99: percentile(times, 99),
        avgResults: found / iterations,
        target: TARGET_SQL,
      };
      results.push(row);
      console.log(
        `  SQL  ${s.name.padEnd(56)} p50 ${fmt(row.p50)}  p95 ${fmt(row.p95)}  p99 ${fmt(row.p99)} ms  ` +
          `(${row.avgResults.toFixed(1)} results)`,
      );
    }

    // HTTP: one keep-alive connection, sequential requests, so each figure is one request's latency
    // (JWT check, validation, datum conversion, SQL, serialisation).
    for (const s of [scenarios[1], scenarios[2], scenarios[3]]) {
      // Sent as GCJ-02 (the mini-program's datum), so both conversions are part of what is measured.
      const url = (p) => {
        let q = `lat=${p.lat.toFixed(6)}&lng=${p.lng.toFixed(6)}&coord=gcj02&radius=${s.radius}&limit=${s.limit}`;
        if (s.amenities.length) q += `&amenity=${s.amenities.join(',')}`;
        if (s.openNow) q += '&openNow=true';
        return `${base}/api/v1/stations/nearby?${q}`;
      };
      const call = async (p) => {
        const res = await fetch(url(p), { headers: { authorization: `Bearer ${accessToken}` } });
        const body = await res.json();
        if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${JSON.stringify(body)}`);
        return body;
      };
      for (let i = 0; i < warmup; i += 1) await call(s.point());
      const times = [];
      let found = 0;
      for (let i = 0; i < iterations; i += 1) {
        const p = s.point();
        const t0 = performance.now();
        const body = await call(p);
        times.push(performance.now() - t0);
        found += body.items.length;
      }
      times.sort((a, b) => a - b);
      const row = {
        size,
        layer: 'HTTP',
        name: s.name,
        p50: percentile(times, 50),
        p95: percentile(times, 95),
        p99: percentile(times, 99),
        avgResults: found / iterations,
        target: TARGET_HTTP,
      };
      results.push(row);
      console.log(
        `  HTTP ${s.name.padEnd(56)} p50 ${fmt(row.p50)}  p95 ${fmt(row.p95)}  p99 ${fmt(row.p99)} ms  ` +
          `(${row.avgResults.toFixed(1)} results)`,
      );
    }

    const p = townPoint();
    const plan = (
      await db.query(
        `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
         SELECT s.id FROM stations s JOIN orgs o ON o.id = s.org_id LEFT JOIN station_states st ON st.station_id = s.id
          WHERE s.status = 'active' AND ST_DWithin(s.location, ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography, 3000)
            AND s.amenities @> '{}'::text[]
          ORDER BY s.location <-> ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography LIMIT 20`,
        [p.lng, p.lat],
      )
    ).rows
      .map((r) => r['QUERY PLAN'])
      .join('\n');
    console.log(`  plan (near a station, 3 km):\n${plan.replace(/^/gm, '    ')}`);
  }

  console.log('\nRESULT');
  for (const r of results) {
    console.log(
      `${r.layer} ${String(r.size).padStart(6)} ${r.name.padEnd(56)} p50=${fmt(r.p50)} p95=${fmt(r.p95)} ` +
        `p99=${fmt(r.p99)} target_p95<${r.target} ${r.p95 < r.target ? 'MET' : 'MISSED'}`,
    );
  }
  finished = true;
}

main()
  .catch((e) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(async () => {
    clearTimeout(deadline);
    await cleanup();
    if (!finished) process.exitCode = process.exitCode || 1;
    // Nest/ioredis handles may linger; the run is over.
    setTimeout(() => process.exit(process.exitCode ?? 0), 200).unref();
  });

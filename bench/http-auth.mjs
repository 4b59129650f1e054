// HTTP throughput of the authenticated path against a running API with the demo data (scripts/start.sh, or
// `node apps/api/dist/src/main.js` after migrate + seed). Each run is bounded in time and targets loopback only.
// Run: node bench/http-auth.mjs [baseUrl=http://127.0.0.1:3000] [seconds=10] [connections=50]
import autocannon from 'autocannon';

const base = process.argv[2] ?? 'http://127.0.0.1:3000';
const duration = Number(process.argv[3] ?? 10);
const connections = Number(process.argv[4] ?? 50);
if (!/^http:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?$/.test(base)) {
  throw new Error('benchmarks only target this machine (loopback)');
}

async function login(code) {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ provider: 'dev', code }),
  });
  if (!res.ok) throw new Error(`login ${code}: ${res.status} ${await res.text()}`);
  return (await res.json()).accessToken;
}

const member = await login('demo-member');
const city = await login('demo-city-staff');
const roots = await (
  await fetch(`${base}/api/v1/orgs`, { headers: { authorization: `Bearer ${city}` } })
).json();
const cityId = roots.items[0].id;

const scenarios = [
  { name: 'GET /healthz (no auth, ceiling)', path: '/healthz', token: undefined },
  { name: 'GET /api/v1/me (JWT + 2 queries)', path: '/api/v1/me', token: member },
  {
    name: 'GET /api/v1/orgs?parentId (JWT + scope + list)',
    path: `/api/v1/orgs?parentId=${cityId}&pageSize=20`,
    token: city,
  },
];

const rows = [];
for (const s of scenarios) {
  const result = await autocannon({
    url: `${base}${s.path}`,
    connections,
    duration,
    headers: s.token ? { authorization: `Bearer ${s.token}` } : {},
  });
  const non2xx = result.non2xx + result.errors;
  rows.push({
    scenario: s.name,
    'req/s': Math.round(result.requests.average),
    'p50 ms': result.latency.p50,
    'p99 ms': result.latency.p99,
    errors: non2xx,
  });
}
console.table(rows);

// Access-token verification throughput on this machine: jsonwebtoken with a plain string secret (which it
// turns into a key on every call) against a KeyObject built once, as TokenService/JwtStrategy do.
// Run: node bench/jwt-verify.mjs [seconds]
import { createSecretKey } from 'node:crypto';
import { createRequire } from 'node:module';

const require = createRequire(new URL('../apps/api/package.json', import.meta.url));
const { sign, verify } = require('jsonwebtoken');

const seconds = Number(process.argv[2] ?? 3);
const secret = 'bench-secret-bench-secret-bench-secret-0123456789';
const key = createSecretKey(Buffer.from(secret, 'utf8'));
const options = { algorithms: ['HS256'], issuer: 'smartunion', audience: 'smartunion-api' };
const tokens = Array.from({ length: 1000 }, (_, i) =>
  sign({ roles: ['member'], typ: 'access' }, key, {
    algorithm: 'HS256',
    subject: `user-${i}`,
    issuer: 'smartunion',
    audience: 'smartunion-api',
    expiresIn: 900,
  }),
);

function run(label, verifyKey) {
  const until = performance.now() + seconds * 1000;
  let n = 0;
  while (performance.now() < until) {
    for (let i = 0; i < 100; i += 1) verify(tokens[(n + i) % tokens.length], verifyKey, options);
    n += 100;
  }
  const perSecond = Math.round(n / seconds);
  console.log(
    `${label.padEnd(22)} ${perSecond.toLocaleString('en-US').padStart(10)} verifications/s (1 core)`,
  );
  return perSecond;
}

const plain = run('string secret', secret);
const keyObject = run('KeyObject (ours)', key);
console.log(`ratio                  ${(keyObject / plain).toFixed(1)}×`);

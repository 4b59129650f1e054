#!/usr/bin/env node
// Fails when a built mini-program would be refused on upload: WeChat and Alipay cap the main package at 2 MB
// and each subpackage at 2 MB; we hold the main package to 1.5 MB so the pages still to come have room.
// Usage: node scripts/check-package-sizes.mjs [platform ...]   (default: weapp alipay; reads apps/miniapp/dist/<platform>)
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import path from 'node:path';

const MAIN_LIMIT = 1.5 * 1024 * 1024;
const SUBPACKAGE_LIMIT = 2 * 1024 * 1024;
const distRoot = path.resolve(import.meta.dirname, '..', 'apps', 'miniapp', 'dist');
const platforms = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['weapp', 'alipay'];

const kb = (bytes) => `${(bytes / 1024).toFixed(0)} KB`;

function filesUnder(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(full));
    else out.push(full);
  }
  return out;
}

let failed = false;
for (const platform of platforms) {
  const dir = path.join(distRoot, platform);
  const appJson = path.join(dir, 'app.json');
  if (!existsSync(appJson)) {
    console.error(`[sizes] ${platform}: no build at ${dir}`);
    failed = true;
    continue;
  }
  const app = JSON.parse(readFileSync(appJson, 'utf8'));
  const roots = (app.subPackages ?? app.subpackages ?? []).map((p) => p.root.replace(/\/+$/, ''));
  const sizes = new Map([['(main)', 0], ...roots.map((r) => [r, 0])]);
  for (const file of filesUnder(dir)) {
    const rel = path.relative(dir, file).split(path.sep).join('/');
    const root = roots.find((r) => rel.startsWith(`${r}/`)) ?? '(main)';
    sizes.set(root, sizes.get(root) + statSync(file).size);
  }
  const total = [...sizes.values()].reduce((a, b) => a + b, 0);
  const lines = [];
  for (const [name, size] of sizes) {
    const limit = name === '(main)' ? MAIN_LIMIT : SUBPACKAGE_LIMIT;
    const over = size > limit;
    failed ||= over;
    lines.push(
      `  ${over ? 'OVER' : 'ok  '} ${name.padEnd(26)} ${kb(size).padStart(8)}  (limit ${kb(limit)})`,
    );
  }
  console.log(`[sizes] ${platform}: ${kb(total)} in ${sizes.size} packages`);
  console.log(lines.join('\n'));
}
if (failed) {
  console.error(
    '[sizes] a package is over its limit: move pages into a subpackage, or trim what they import',
  );
  process.exit(1);
}

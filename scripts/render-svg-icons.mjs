#!/usr/bin/env node
// Renders every SVG in a folder to a PNG of the same name and size, transparent where the SVG paints nothing,
// with the machine's Chromium (playwright-core, as the browser tests use it). The mini-program shows PNGs; the
// SVGs beside them are the sources. Usage: node scripts/render-svg-icons.mjs apps/miniapp/src/assets/state
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const dir = resolve(process.argv[2] ?? '');
const require = createRequire(resolve(import.meta.dirname, '../apps/miniapp/package.json'));
const { chromium } = require('playwright-core');

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu'],
});
try {
  const page = await browser.newPage({ deviceScaleFactor: 1 });
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.svg'))) {
    await page.setContent(`<body style="margin:0">${readFileSync(join(dir, file), 'utf8')}</body>`);
    const png = join(dir, file.replace(/\.svg$/, '.png'));
    await page.locator('svg').screenshot({ path: png, omitBackground: true });
    console.log(png);
  }
} finally {
  await browser.close();
}

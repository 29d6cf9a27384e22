// Draws the PNG icons of the web app manifest from the SVG sources in assets/ with the same
// headless Chromium the e2e tests use (no image tools needed). Run after editing an SVG:
//
//   node scripts/render-icons.mjs
//
// assets/icon.svg → icon-192.png, icon-512.png (transparent corners);
// assets/icon-maskable.svg → icon-maskable-512.png (full bleed, for launchers that mask).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { chromium } = createRequire(path.join(root, 'e2e', 'package.json'))('playwright-core');
const JOBS = [
  ['icon.svg', 'icon-192.png', 192],
  ['icon.svg', 'icon-512.png', 512],
  ['icon-maskable.svg', 'icon-maskable-512.png', 512],
];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
try {
  for (const [source, target, size] of JOBS) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    const svg = readFileSync(path.join(root, 'assets', source), 'utf8');
    const src = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
    await page.setContent(`<style>html,body{margin:0;background:transparent}</style><img src="${src}" width="${size}" height="${size}">`);
    await page.locator('img').evaluate((img) => img.decode());
    await page.screenshot({ path: path.join(root, 'assets', target), omitBackground: true });
    await page.close();
    console.log(`assets/${target} (${size}×${size}) from assets/${source}`);
  }
} finally {
  await browser.close();
}

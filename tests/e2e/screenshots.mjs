// Takes screenshots of every screen in both languages, to look at by eye:
//   node tests/e2e/screenshots.mjs [out-dir] [--sample]
// (not a test; the release build in dist/ must exist).
import { mkdir } from 'node:fs/promises';
import { serveDist, launch, openApp, loadSample } from './harness.mjs';

const out = process.argv.find((a, i) => i > 1 && !a.startsWith('--')) ?? '../../target/screenshots';
const withSample = process.argv.includes('--sample');
const SCREENS = ['dashboard', 'training_sessions', 'honoured_models', 'cases', 'offices', 'exchange', 'submissions', 'report'];

await mkdir(out, { recursive: true });
const server = await serveDist();
const browser = await launch();
try {
  const { page, errors } = await openApp(browser, server.url);
  if (withSample) await loadSample(page);
  for (const lang of ['zh', 'en']) {
    await page.click(`[data-testid="lang-${lang}"]`);
    for (const name of SCREENS) {
      await page.click(`[data-nav="${name}"]`);
      await page.waitForTimeout(150);
      await page.screenshot({ path: `${out}/${name}-${lang}.png`, fullPage: false });
    }
  }
  console.log(`screenshots in ${out}; console errors: ${errors.length ? errors.join('\n') : 'none'}`);
} finally {
  await browser.close();
  await server.close();
}

// Screenshots of the help (使用说明) in both languages, opened from a
// screen's `?`, and its print as A4 pages (PDF, for pdftoppm).
// Usage: node shots-help.mjs OUT_DIR
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveDist, launch, openApp, loadSample } from './harness.mjs';

const out = process.argv[2] ?? '/tmp/shots';
mkdirSync(out, { recursive: true });
const server = await serveDist();
const browser = await launch();
const { page } = await openApp(browser, server.url);
await loadSample(page);
await page.click('[data-nav="exchange"]');
await page.click('[data-screen="exchange"] [data-testid="help-link"]');
await page.locator('[data-help-part="exchange"].focused').waitFor();
await page.screenshot({ path: join(out, 'help-exchange-zh.png') });
await page.click('[data-testid="lang-en"]');
await page.screenshot({ path: join(out, 'help-exchange-en.png') });
await page.click('[data-testid="lang-zh"]');
await page.goto(server.url + '#/help');
await page.waitForSelector('[data-testid="app-ready"]', { state: 'attached' });
await page.screenshot({ path: join(out, 'help-top-zh.png') });
writeFileSync(join(out, 'help-zh.pdf'), await page.pdf({ format: 'A4' }));
await page.emulateMedia({ media: 'print' });
await page.setViewportSize({ width: 794, height: 1123 });
await page.screenshot({ path: join(out, 'help-print-zh.png') });
await browser.close();
await server.close();

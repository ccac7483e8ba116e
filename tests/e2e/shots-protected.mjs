// Screenshots of protected files in Chinese: the export card with a
// password (too short, then good), and a protected file's password asked
// after a wrong one. Usage: node shots-protected.mjs OUT_DIR
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { serveDist, launch, openApp, loadSample } from './harness.mjs';

const out = process.argv[2] ?? '/tmp/shots';
mkdirSync(out, { recursive: true });
const server = await serveDist();
const browser = await launch();
const { page } = await openApp(browser, server.url);
await loadSample(page);
await page.click('[data-nav="exchange"]');
await page.fill('[data-testid="export-password"]', 'short');
await page.locator('[data-testid="export-password-short"]').waitFor();
await page.locator('[data-testid="export-password"]').scrollIntoViewIfNeeded();
await page.screenshot({ path: join(out, 'export-password-short-zh.png') });
await page.fill('[data-testid="export-password"]', 'Shifeng-2021-taizhang');
const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-json"]')]);
const zip = await readFile(await download.path());
await page.setInputFiles('[data-testid="import-file"]', { name: download.suggestedFilename(), mimeType: 'application/zip', buffer: zip });
await page.locator('[data-testid="password-asked"]').waitFor();
await page.fill('[data-testid="import-password"]', 'wrong-password');
await page.click('[data-testid="import-password-ok"]');
await page.locator('[data-testid="password-asked"][data-wrong="true"]').waitFor();
await page.screenshot({ path: join(out, 'password-asked-zh.png'), fullPage: true });
await browser.close();
await server.close();

// Screenshots of the workbook import, in Chinese: the mapping step, the
// errors of a bad workbook, and the preview; and the exported workbook.
// Usage: node shots-sheets.mjs OUT_DIR
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveDist, launch, openApp, loadSample } from './harness.mjs';

const out = process.argv[2] ?? '/tmp/shots';
mkdirSync(out, { recursive: true });
execFileSync('/usr/bin/python3', [fileURLToPath(new URL('./fixtures/workbooks.py', import.meta.url)), out]);
const server = await serveDist();
const browser = await launch();
const { page } = await openApp(browser, server.url);
await loadSample(page);
await page.click('[data-nav="exchange"]');
await page.setInputFiles('[data-testid="import-file"]', join(out, '台账-石峰区.xlsx'));
await page.locator('[data-testid="sheet-mapping"]').waitFor();
await page.screenshot({ path: join(out, 'sheet-mapping.png'), fullPage: true });
await page.locator('[data-testid="value-mapping"] select[data-raw="廉政党课"]').selectOption('warning_education');
await page.click('[data-testid="sheet-continue"]');
await page.locator('[data-testid="import-preview"]').waitFor();
await page.screenshot({ path: join(out, 'sheet-preview.png'), fullPage: true });
await page.click('[data-testid="import-cancel"]');
await page.setInputFiles('[data-testid="import-file"]', join(out, '台账-有错误.xlsx'));
await page.locator('[data-testid="sheet-mapping"]').waitFor();
await page.click('[data-testid="sheet-continue"]');
await page.locator('[data-testid="import-errors"]').waitFor();
await page.screenshot({ path: join(out, 'sheet-errors.png'), fullPage: true });
// The workbook the app writes, to open in LibreOffice (soffice --convert-to pdf).
const [workbook] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-xlsx"]')]);
await workbook.saveAs(join(out, workbook.suggestedFilename()));
await browser.close();
await server.close();

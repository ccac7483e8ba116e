// Screenshots of a record's history (留痕) in both languages: a case edited
// in its form, then changed by an imported file.
// Usage: node shots-history.mjs OUT_DIR
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { serveDist, launch, openApp, loadSample, exportJson } from './harness.mjs';

const out = process.argv[2] ?? '/tmp/shots';
mkdirSync(out, { recursive: true });
const server = await serveDist();
const browser = await launch();
const { page } = await openApp(browser, server.url);
await loadSample(page);
const file = JSON.parse((await exportJson(page)).text);
const target = file.cases.find((c) => c.notes === '' && !c.deleted);
await page.click('[data-nav="cases"]');
await page.locator(`[data-row="${target.id}"] [data-action="edit"]`).click();
await page.fill('form[data-form="cases"] [name="notes"]', '已约谈当事干警');
await page.click('form[data-form="cases"] [type=submit]');
await page.waitForFunction(() => !document.querySelector('form[data-form="cases"]'));
Object.assign(target, { notes: '市委政法委督办', reference: `${target.reference}-督`, revision: 3, updated_at: '2021-05-03T08:00:00Z' });
await page.click('[data-nav="exchange"]');
await page.setInputFiles('[data-testid="import-file"]', { name: '督办.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
await page.locator('[data-testid="import-preview"]').waitFor();
await page.click('[data-testid="import-confirm"]');
await page.locator('[data-testid="import-summary"]').waitFor();
for (const lang of ['zh', 'en']) {
  await page.click(`[data-testid="lang-${lang}"]`);
  await page.click('[data-nav="cases"]');
  await page.locator(`[data-row="${target.id}"] [data-testid="record-history"]`).click();
  await page.locator('[data-testid="history-dialog"] [data-revision]').first().waitFor();
  await page.screenshot({ path: join(out, `history-${lang}.png`) });
  await page.keyboard.press('Escape');
}
await browser.close();
await server.close();

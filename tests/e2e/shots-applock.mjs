// Screenshots of the app lock in both languages: the panel on the offices
// screen, the recovery key shown once, the settings once on, the unlock form.
// Usage: node shots-applock.mjs OUT_DIR
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { serveDist, launch, openApp, loadSample, PASSPHRASE } from './harness.mjs';

const out = process.argv[2] ?? '/tmp/shots';
mkdirSync(out, { recursive: true });
const server = await serveDist();
const browser = await launch();
const { page } = await openApp(browser, server.url);
await loadSample(page);
const panel = page.locator('[data-testid="app-lock"]');
await page.click('[data-nav="offices"]');
await page.click('[data-testid="lock-set"]');
await page.fill('form[data-form="lock"] [name="passphrase"]', '短口令');
await page.fill('form[data-form="lock"] [name="passphrase-again"]', '短口令');
await page.click('form[data-form="lock"] [type=submit]');
await page.locator('[data-testid="lock-error"]').waitFor();
await panel.screenshot({ path: join(out, 'applock-refused-zh.png') });
await page.fill('form[data-form="lock"] [name="passphrase"]', PASSPHRASE);
await page.fill('form[data-form="lock"] [name="passphrase-again"]', PASSPHRASE);
await page.click('form[data-form="lock"] [type=submit]');
await page.locator('[data-testid="recovery-key"]').waitFor();
await page.screenshot({ path: join(out, 'applock-recovery-zh.png'), fullPage: false });
await panel.screenshot({ path: join(out, 'applock-recovery-panel-zh.png') });
await page.click('[data-testid="recovery-done"]');
for (const lang of ['zh', 'en']) {
  await page.click(`[data-testid="lang-${lang}"]`);
  await panel.screenshot({ path: join(out, `applock-on-${lang}.png`) });
}
for (const lang of ['zh', 'en']) {
  await page.click(`[data-testid="lang-${lang}"]`);
  await page.click('[data-testid="lock-now"]');
  await page.locator('[data-testid="unlock-passphrase"]').waitFor();
  await page.fill('[data-testid="unlock-passphrase"]', 'wrong passphrase');
  await page.click('[data-testid="unlock"]');
  await page.locator('[data-testid="unlock-error"]').waitFor();
  await page.screenshot({ path: join(out, `unlock-${lang}.png`) });
  await page.fill('[data-testid="unlock-passphrase"]', PASSPHRASE);
  await page.click('[data-testid="unlock"]');
  await page.waitForSelector('[data-testid="app-ready"]', { state: 'attached' });
}
await browser.close();
await server.close();

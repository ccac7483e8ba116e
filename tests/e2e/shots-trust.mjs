// Screenshots of the trust screens in Chinese: the offices screen's key card
// with the roster export, a roster from a committee to compare, and a
// receipt taken with its signer. Usage: node shots-trust.mjs OUT_DIR
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { serveDist, launch, openApp, loadSample, exportJson, chooseText } from './harness.mjs';
import { officeKey, roster } from './jws.mjs';

const out = process.argv[2] ?? '/tmp/shots';
mkdirSync(out, { recursive: true });
const server = await serveDist();
const browser = await launch();
const { page } = await openApp(browser, server.url);
await loadSample(page);
await exportJson(page); // the key is made
await page.click('[data-nav="offices"]');
await page.locator('[data-testid="own-key"] [data-kid]').waitFor();
await page.locator('[data-testid="own-key"]').scrollIntoViewIfNeeded();
await page.locator('[data-testid="own-key"]').screenshot({ path: join(out, 'own-key-zh.png') });
const city = officeKey();
const district = officeKey();
await chooseText(page, '名册-430200-committee-20210701.json', roster(city, '430200-committee', [city.listed('430200-committee'), district.listed('430202-committee')]));
await page.locator('[data-testid="roster"]').waitFor();
await page.screenshot({ path: join(out, 'roster-zh.png'), fullPage: true });
await browser.close();
await server.close();

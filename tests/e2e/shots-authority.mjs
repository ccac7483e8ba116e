// Screenshots of the authority states, to look at (not a test):
//   node tests/e2e/shots-authority.mjs /tmp/shots
import { serveDist, launch, openApp, loadSample, exportJson, chooseText } from './harness.mjs';
import { officeKey, roster } from './jws.mjs';

const out = process.argv[2] ?? '/tmp/shots';
const server = await serveDist();
const browser = await launch();
const { page } = await openApp(browser, server.url);
await loadSample(page);
await exportJson(page); // this copy's key, made for the district
const court = officeKey();
const UNITS = [
  { code: '430204-committee', name: '石峰区委政法委', level: 'county', system: 'committee', parent: null, headcount: 18 },
  { code: '430204-court', name: '石峰区人民法院', level: 'county', system: 'court', parent: '430204-committee', headcount: 96 },
  { code: '430204-procuratorate', name: '石峰区人民检察院', level: 'county', system: 'procuratorate', parent: '430204-committee', headcount: 62 },
];
const file = (office, cases) => JSON.stringify({
  format: 'taizhang-exchange', version: 1, exported_at: '2021-05-03T08:00:00Z', source_office: office,
  offices: UNITS, training_sessions: [], honoured_models: [], cases,
});
// The court's key, trusted on the user's word.
await chooseText(page, 'court.json', court.sign(file('430204-court', []), '430204-court', 'taizhang-exchange'));
await page.click('[data-testid="accept-key"]');
await page.click('[data-testid="import-cancel"]');
// A court file carrying the procuratorate's case: refused, each row named.
const stolen = { id: crypto.randomUUID(), office: '430204-procuratorate', revision: 1, updated_at: '2021-05-01T00:00:00Z', deleted: false,
  reference: '石检〔2021〕1号', source: 'public_report', category: 'interference', received_on: '2021-04-10', deadline: null,
  status: 'received', resolved_on: null, outcome: null, notes: '' };
await chooseText(page, 'court-outside.json', court.sign(file('430204-court', [stolen]), '430204-court', 'taizhang-exchange'));
await page.locator('[data-testid="import-errors"]').waitFor();
await page.screenshot({ path: `${out}/authority-reach-refused.png`, fullPage: true });
// A second key for the court, from a roster the user compares.
const city = officeKey();
const second = officeKey();
await chooseText(page, 'roster.json', roster(city, '430200-committee', [city.listed('430200-committee'), second.listed('430204-court')]));
await page.locator('[data-testid="key-conflict"]').waitFor();
await page.screenshot({ path: `${out}/authority-key-conflict.png`, fullPage: true });
// The offices screen: trusted keys, and the warning before another own office.
await page.click('[data-nav="offices"]');
await page.locator('[data-testid="trusted-keys"]').scrollIntoViewIfNeeded();
await page.locator('[data-testid="trusted-keys"]').screenshot({ path: `${out}/authority-trusted-keys.png` });
await page.selectOption('[data-testid="own-office-select"]', '430200-committee');
await page.locator('[data-testid="new-key-warning"] [data-testid="confirm-yes"]').waitFor();
await page.screenshot({ path: `${out}/authority-new-key-warning.png` });
await page.click('[data-testid="confirm-yes"]');
await page.locator('[data-testid="former-key"]').waitFor();
await page.locator('[data-testid="own-key"]').screenshot({ path: `${out}/authority-former-key.png` });
await browser.close();
await server.close();

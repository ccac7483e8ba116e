// A screenshot of the reporting screen in Chinese: a city with twenty
// districts over twelve months. The offices come in through the page; the
// import log is written straight into IndexedDB (240 imports by hand would
// take minutes). Usage: node shots-reporting.mjs OUT_DIR
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { serveDist, launch, openApp, chooseText } from './harness.mjs';

const out = process.argv[2] ?? '/tmp/shots';
mkdirSync(out, { recursive: true });
const names = ['荷塘', '芦淞', '石峰', '天元', '渌口', '醴陵', '攸县', '茶陵', '炎陵', '云龙', '高新', '经开', '湘江', '枫溪', '白关', '龙泉', '明照', '仙庾', '雷打石', '五里墩'];
const city = { code: '430200-committee', name: '株洲市委政法委', level: 'city', system: 'committee', parent: null, headcount: null };
const districts = names.map((n, i) => ({ code: `4302${String(i + 10).padStart(2, '0')}-committee`, name: `${n}区委政法委`, level: 'county', system: 'committee', parent: city.code, headcount: 20 + i }));
const file = { format: 'taizhang-exchange', version: 1, exported_at: '2021-01-01T00:00:00Z', offices: [city, ...districts], training_sessions: [], honoured_models: [], cases: [] };

const server = await serveDist();
const browser = await launch();
const { page } = await openApp(browser, server.url);
await chooseText(page, 'offices.json', JSON.stringify(file));
await page.click('[data-testid="import-confirm"]');
await page.locator('[data-testid="import-summary"]').waitFor();
// A deterministic mix: most on time, some late, a few missing; the last month partly still due.
const entries = [];
districts.forEach((d, i) => {
  for (let m = 1; m <= 12; m++) {
    const roll = (i * 7 + m * 13) % 20;
    if (roll < 2 || (m === 12 && roll < 9)) continue; // missing (or not yet sent)
    const day = roll < 5 ? 9 + (roll % 5) : 1 + (roll % 5);
    const [y, mo] = m === 12 ? [2022, 1] : [2021, m + 1];
    const at = `${y}-${String(mo).padStart(2, '0')}-${String(day).padStart(2, '0')}T08:00:00Z`;
    // One in twenty came unsigned: shown, not counted.
    const signed = roll === 7 ? {} : { signed_by: `key-of-${d.code}` };
    entries.push({ id: `${d.code}-${m}`, file_name: `台账-${d.code}.json`, sha256: '0'.repeat(64), source_office: d.code, exported_at: at, applied_at: at, counts: [0, 0, 0, 0, 0, 0], ...signed });
  }
});
await page.evaluate(async (list) => {
  const db = await new Promise((resolve) => { const r = indexedDB.open('taizhang'); r.onsuccess = () => resolve(r.result); });
  const t = db.transaction(['imports', 'keys'], 'readwrite');
  for (const e of list) t.objectStore('imports').put(JSON.stringify(e), e.id);
  // Every district's key trusted (reporting counts what they signed).
  for (const office of new Set(list.map((e) => e.source_office))) {
    const key = { office, kid: `key-of-${office}`, jwk: { kty: 'EC', crv: 'P-256', x: '', y: '' } };
    t.objectStore('keys').put(JSON.stringify(key), `${office} ${key.kid}`);
  }
  await new Promise((resolve) => { t.oncomplete = resolve; });
  db.close();
}, entries);
await page.goto(`${server.url}#/submissions?office=430200-committee&from=2021-01-01&to=2021-12-31`);
await page.reload();
await page.waitForSelector('[data-testid="app-ready"]', { state: 'attached' });
await page.locator('[data-submission]').first().waitFor();
await page.screenshot({ path: join(out, 'submissions-zh.png'), fullPage: true });
await browser.close();
await server.close();

// Monthly reporting and receipts (docs/reporting.md). Files are made here
// with known senders and export days; the expected cells and rates are worked
// out by hand from the contract's rules, and SHA-256 is computed by Node.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { serveDist, launch, openApp, loadSample, exportJson, chooseText, importTrusting, inner } from './harness.mjs';
import { PROVINCE, CITY, DISTRICTS } from './city.mjs';
import { officeKey } from './jws.mjs';
import { assertSameRecords } from './oracle.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');
const COURT = { code: '430203-court', name: '芦淞区人民法院', level: 'county', system: 'court', parent: '430203-committee', headcount: 60 };

// Each sender's office key (Node's own crypto): reporting counts signed files only.
const keys = new Map();
const keyOf = (office) => keys.get(office) ?? keys.set(office, officeKey()).get(office);

/** A district's monthly file: its offices and no records, sent and signed by `sender` at `exportedAt`. */
function report(sender, exportedAt) {
  const text = JSON.stringify({
    format: 'taizhang-exchange', version: 1, exported_at: exportedAt, source_office: sender,
    offices: [PROVINCE, CITY, ...DISTRICTS, COURT], training_sessions: [], honoured_models: [], cases: [],
  });
  return keyOf(sender).sign(text, sender, 'taizhang-exchange');
}

/**
 * The city's own tree, set up once from an unsigned file applied on the
 * user's word: a verified file from below writes only within its sender's
 * reach, so the districts that have not reported yet come from here.
 */
async function cityTree(page) {
  const text = JSON.stringify({
    format: 'taizhang-exchange', version: 1, exported_at: '2021-04-01T00:00:00Z', source_office: CITY.code,
    offices: [PROVINCE, CITY, ...DISTRICTS, COURT], training_sessions: [], honoured_models: [], cases: [],
  });
  await chooseText(page, 'tree.json', text);
  await page.locator('[data-testid="import-preview"]').waitFor();
  await page.click('[data-testid="import-confirm"]');
  await page.locator('[data-testid="import-summary"]').waitFor();
}

const importText = importTrusting;

/**
 * Takes a receipt signed by a key this copy does not know yet: it is shown
 * and counts for nothing (the file stays sent); once the user has compared
 * the fingerprint and trusted the key, the same receipt marks it received.
 */
async function takeReceiptTrusting(page, name, text, sent) {
  await chooseText(page, name, text);
  const card = page.locator('[data-testid="receipt-taken"]');
  await card.waitFor();
  assert.equal(await card.getAttribute('data-counted'), 'false', 'an unknown key\'s receipt counts for nothing');
  assert.equal(await sent.getAttribute('data-status'), 'sent');
  await page.click('[data-testid="accept-key"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="import-sender"]')?.dataset.trust === 'verified');
  await chooseText(page, name, text);
  await page.locator('[data-testid="receipt-taken"][data-counted="true"]').waitFor();
}

async function cells(page) {
  return page.locator('[data-submission]').evaluateAll((tds) =>
    Object.fromEntries(tds.map((td) => [`${td.dataset.office} ${td.dataset.period}`, td.dataset.status])));
}

const kpi = (page, name) => page.locator(`[data-kpi="${name}"]`).getAttribute('data-value').then(Number);

test('a city sees which of its districts sent which month, on time or late, with the rates; an undo takes a file back', async () => {
  const { page, errors } = await openApp(browser, server.url);
  await cityTree(page);
  // April's reports are due on 5 May, May's on 5 June (the default due day).
  await importText(page, 'a.json', report('430202-committee', '2021-05-03T08:00:00Z')); // April, on time
  await importText(page, 'b.json', report('430202-committee', '2021-06-05T23:59:59Z')); // May, on time (last second, UTC)
  await importText(page, 'c.json', report('430203-court', '2021-05-06T00:00:00Z'));     // April, late; a court counts for its district
  await importText(page, 'd.json', report('430204-committee', '2021-06-08T09:00:00Z')); // May, late
  await importText(page, 'e.json', report('430204-committee', '2021-06-02T09:00:00Z')); // May again, earlier: on time
  await page.goto(`${server.url}#/submissions?office=430200-committee&from=2021-04-01&to=2021-05-31`);
  await page.waitForSelector('[data-testid="app-ready"]', { state: 'attached' });
  await page.locator('[data-submission]').first().waitFor();
  assert.deepEqual(await cells(page), {
    '430202-committee 2021-04': 'on_time', '430202-committee 2021-05': 'on_time',
    '430203-committee 2021-04': 'late', '430203-committee 2021-05': 'missing',
    '430204-committee 2021-04': 'missing', '430204-committee 2021-05': 'on_time',
    '430211-committee 2021-04': 'missing', '430211-committee 2021-05': 'missing',
  });
  assert.equal(await kpi(page, 'reports.expected'), 8);
  assert.equal(await kpi(page, 'reports.received'), 4);
  assert.equal(await kpi(page, 'reports.on_time'), 3);
  assert.equal(await kpi(page, 'reports.rate'), 0.5);
  assert.equal(await kpi(page, 'reports.on_time_rate'), 0.375);
  // Who is still missing for May, ready for a reminder.
  assert.match(await page.locator('[data-testid="still-missing"]').innerText(), /2021年5月.*芦淞区委政法委、天元区委政法委/s);
  // A due day of the 8th: D's first file (8 June) would have been on time too, and C's April (6 May) as well.
  await page.fill('[data-testid="due-day"]', '8');
  await page.locator('[data-testid="due-day"]').dispatchEvent('change');
  await page.waitForFunction(() => document.querySelector('[data-submission][data-office="430203-committee"][data-period="2021-04"]')?.dataset.status === 'on_time');
  assert.equal(await kpi(page, 'reports.on_time'), 4);
  // The dashboard shows the same rate for the city.
  await page.goto(`${server.url}#/dashboard?office=430200-committee&from=2021-04-01&to=2021-05-31`);
  await page.waitForSelector('[data-testid="app-ready"]', { state: 'attached' });
  assert.equal(await kpi(page, 'reports.rate'), 0.5);
  // Undoing the last import removes its log entry: May of 石峰 is then the late file's.
  await page.click('[data-nav="exchange"]');
  await page.click('[data-testid="import-undo"]');
  await page.click('[data-testid="confirm-yes"]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="import-history"] [data-log]').length === 5);
  await page.goto(`${server.url}#/submissions?office=430200-committee&from=2021-04-01&to=2021-05-31`);
  await page.waitForSelector('[data-testid="app-ready"]', { state: 'attached' });
  await page.fill('[data-testid="due-day"]', '5');
  await page.locator('[data-testid="due-day"]').dispatchEvent('change');
  await page.waitForFunction(() => document.querySelector('[data-submission][data-office="430204-committee"][data-period="2021-05"]')?.dataset.status === 'late');
  assert.deepEqual(errors, []);
});

test('a district\'s file comes back with a receipt: sent, then received; a forged receipt is refused, the same one twice changes nothing', async () => {
  const districtCopy = await openApp(browser, server.url);
  await loadSample(districtCopy.page);
  const exported = await exportJson(districtCopy.page);
  // The file as it travels (signed by the district's key): its hash is what a receipt names.
  const hash = sha256(Buffer.from(exported.raw));
  const sent = districtCopy.page.locator(`[data-testid="sent-files"] [data-sha256="${hash}"]`);
  assert.equal(await sent.getAttribute('data-status'), 'sent');

  const cityCopy = await openApp(browser, server.url);
  await importText(cityCopy.page, exported.name, exported.raw);
  // The city's copy does not know which office it is yet: it asks once.
  await cityCopy.page.click('[data-testid="receipt"]');
  await cityCopy.page.locator('[data-testid="own-office-dialog"] select').selectOption('430200-committee');
  const [download] = await Promise.all([cityCopy.page.waitForEvent('download'), cityCopy.page.click('[data-testid="own-office-save"]')]);
  const receiptText = await readFile(await download.path(), 'utf8');
  const receipt = JSON.parse(inner(receiptText));
  const file = JSON.parse(exported.text);
  assert.equal(receipt.format, 'taizhang-receipt');
  assert.equal(receipt.file_sha256, hash);
  assert.equal(receipt.file_name, exported.name);
  assert.equal(receipt.source_office, '430204-committee');
  assert.equal(receipt.exported_at, file.exported_at);
  assert.equal(receipt.received_by, '430200-committee');
  const records = file.offices.length + file.training_sessions.length + file.honoured_models.length + file.cases.length;
  assert.equal(receipt.counts.new, records);

  // A forged receipt (a file never sent) is refused and changes nothing.
  const forged = { ...receipt, file_sha256: 'f'.repeat(64) };
  await chooseText(districtCopy.page, 'forged.json', JSON.stringify(forged));
  await districtCopy.page.locator('[data-testid="import-errors"]').waitFor();
  assert.match(await districtCopy.page.locator('[data-testid="import-errors"]').innerText(), /从未导出|没有导出过/);
  assert.equal(await sent.getAttribute('data-status'), 'sent');
  // The real one, once the city's key is trusted, marks the file received, by the city, with its counts.
  await takeReceiptTrusting(districtCopy.page, download.suggestedFilename(), receiptText, sent);
  await districtCopy.page.waitForFunction((h) => document.querySelector(`[data-testid="sent-files"] [data-sha256="${h}"]`)?.dataset.status === 'received', hash);
  assert.match(await sent.innerText(), /株洲市委政法委/);
  // Again: nothing changes, and it says so.
  await chooseText(districtCopy.page, download.suggestedFilename(), receiptText);
  await districtCopy.page.waitForFunction(() => /此前已导入过/.test(document.querySelector('[data-testid="receipt-taken"]')?.textContent ?? ''));
  assert.equal(await districtCopy.page.locator('[data-testid="sent-files"] [data-sha256]').count(), 1);
  assert.deepEqual([...districtCopy.errors, ...cityCopy.errors], []);
});

test('a database of the schema before the import log is upgraded with every record kept', async () => {
  const { page, errors } = await openApp(browser, server.url);
  await loadSample(page);
  const before = JSON.parse((await exportJson(page)).text);
  // Rebuild today's database as version 2 wrote it (meta, chunks, undo; no log), with the same values.
  await page.evaluate(async () => {
    const open = (version, upgrade) => new Promise((resolve, reject) => {
      const request = indexedDB.open('taizhang', version);
      request.onupgradeneeded = () => upgrade?.(request.result);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const done = (t) => new Promise((resolve, reject) => { t.oncomplete = resolve; t.onerror = reject; });
    const db = await open();
    const copy = {};
    for (const store of ['meta', 'chunks']) {
      const t = db.transaction(store);
      const keys = t.objectStore(store).getAllKeys();
      const values = t.objectStore(store).getAll();
      await done(t);
      copy[store] = keys.result.map((k, i) => [k, values.result[i]]);
    }
    db.close();
    await new Promise((resolve) => { const r = indexedDB.deleteDatabase('taizhang'); r.onsuccess = resolve; r.onblocked = resolve; });
    const v2 = await open(2, (d) => { for (const s of ['meta', 'chunks', 'undo']) d.createObjectStore(s); });
    const t = v2.transaction(['meta', 'chunks'], 'readwrite');
    for (const [store, pairs] of Object.entries(copy)) for (const [k, v] of pairs) t.objectStore(store).put(v, k);
    await done(t);
    v2.close();
  });
  await page.reload();
  await page.waitForSelector('[data-testid="app-ready"]', { state: 'attached' });
  const version = await page.evaluate(() => new Promise((resolve) => {
    const r = indexedDB.open('taizhang');
    r.onsuccess = () => { resolve([r.result.version, [...r.result.objectStoreNames]]); r.result.close(); };
  }));
  // Upgraded to the newest schema: v3's import log and files sent, v4's trusted keys, v5's and v6's history.
  assert.deepEqual(version, [6, ['chunks', 'history', 'history_pages', 'imports', 'keys', 'meta', 'sent', 'undo']]);
  const after = JSON.parse((await exportJson(page)).text);
  for (const key of ['offices', 'training_sessions', 'honoured_models', 'cases']) assert.deepEqual(after[key], before[key], key);
  assert.deepEqual(errors, []);
});

test('while a month is still due it is not yet expected: the rates count only the months whose due day has passed', async () => {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
  // Today is 3 June 2021: April's reports were due on 5 May, May's are due on 5 June.
  await context.clock.setFixedTime(new Date('2021-06-03T12:00:00Z'));
  const { page, errors } = await openApp(browser, server.url, { context });
  await cityTree(page);
  await importText(page, 'a.json', report('430202-committee', '2021-05-03T08:00:00Z')); // April, on time
  await importText(page, 'e.json', report('430204-committee', '2021-06-02T09:00:00Z')); // May, on time, before it is due
  await page.goto(`${server.url}#/submissions?office=430200-committee&from=2021-04-01&to=2021-05-31`);
  await page.waitForSelector('[data-testid="app-ready"]', { state: 'attached' });
  await page.locator('[data-submission]').first().waitFor();
  assert.deepEqual(await cells(page), {
    '430202-committee 2021-04': 'on_time', '430202-committee 2021-05': 'due',
    '430203-committee 2021-04': 'missing', '430203-committee 2021-05': 'due',
    '430204-committee 2021-04': 'missing', '430204-committee 2021-05': 'on_time',
    '430211-committee 2021-04': 'missing', '430211-committee 2021-05': 'due',
  });
  // Worked out by hand: 8 cells, 3 still due → 5 expected; 2 received, both on time.
  assert.equal(await kpi(page, 'reports.expected'), 5);
  assert.equal(await kpi(page, 'reports.received'), 2);
  assert.equal(await kpi(page, 'reports.on_time'), 2);
  assert.equal(await kpi(page, 'reports.rate'), 0.4);
  assert.equal(await kpi(page, 'reports.on_time_rate'), 0.4);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a receipt must fit the file it names: altered counts or a receiver that is the sender are refused; a receipt never changes a ledger', async () => {
  const districtCopy = await openApp(browser, server.url);
  await loadSample(districtCopy.page);
  const exported = await exportJson(districtCopy.page);
  const hash = sha256(Buffer.from(exported.raw));
  const sent = districtCopy.page.locator(`[data-testid="sent-files"] [data-sha256="${hash}"]`);
  const cityCopy = await openApp(browser, server.url);
  await importText(cityCopy.page, exported.name, exported.raw);
  await cityCopy.page.click('[data-testid="receipt"]');
  await cityCopy.page.locator('[data-testid="own-office-dialog"] select').selectOption('430200-committee');
  const [download] = await Promise.all([cityCopy.page.waitForEvent('download'), cityCopy.page.click('[data-testid="own-office-save"]')]);
  const receiptText = await readFile(await download.path(), 'utf8');
  const receipt = JSON.parse(inner(receiptText));
  const ledgers = JSON.parse(exported.text);

  const refused = async (altered, field) => {
    await chooseText(districtCopy.page, 'altered.json', JSON.stringify(altered));
    await districtCopy.page.locator('[data-testid="import-errors"]').waitFor();
    const text = await districtCopy.page.locator('[data-testid="import-errors"]').innerText();
    assert.match(text, new RegExp(`回执可能被改动过`), field);
    assert.match(text, new RegExp(field), field);
    assert.equal(await sent.getAttribute('data-status'), 'sent', `${field}: the file is still only sent`);
  };
  // The same hash, counts that no longer add up to the records sent.
  await refused({ ...receipt, counts: { ...receipt.counts, new: receipt.counts.new + 5 } }, 'counts');
  // The same hash, the district itself as the receiver.
  await refused({ ...receipt, received_by: '430204-committee' }, 'received_by');
  // The same hash, another sender.
  await refused({ ...receipt, source_office: '430204-court' }, 'source_office');

  // The real one is taken (its key trusted), and no ledger changes: the records are exactly those sent.
  await takeReceiptTrusting(districtCopy.page, download.suggestedFilename(), receiptText, sent);
  await districtCopy.page.waitForFunction((h) => document.querySelector(`[data-testid="sent-files"] [data-sha256="${h}"]`)?.dataset.status === 'received', hash);
  await districtCopy.page.reload();
  await districtCopy.page.waitForSelector('[data-testid="app-ready"]', { state: 'attached' });
  assertSameRecords(JSON.parse((await exportJson(districtCopy.page)).text), ledgers, 'after the receipts');
  assert.deepEqual([...districtCopy.errors, ...cityCopy.errors], []);
});

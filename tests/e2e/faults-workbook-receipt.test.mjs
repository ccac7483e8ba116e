// Deterministic faults (see faults-ledgers.test.mjs; helpers: faults.mjs): a
// workbook import and taking a receipt, stopped after k writes, leave the
// ledgers, the import log and the files sent exactly as before; completed,
// exactly as after.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { serveDist, launch, openApp, loadSample, exportJson } from './harness.mjs';
import { assertSameRecords } from './oracle.mjs';
import { share, newContext, writes, crashAfter, crash, reopen, stored } from './faults.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); share({ server, browser }); });
after(async () => { await browser?.close(); await server?.close(); });

/** The import log and the files sent, as the exchange screen lists them. */
async function reports(page) {
  await page.click('[data-nav="exchange"]');
  await page.locator('[data-testid="import-history"]').waitFor();
  const log = await page.locator('[data-testid="import-history"] [data-log]').evaluateAll((rows) => rows.map((r) => r.dataset.log));
  const sent = await page.locator('[data-testid="sent-files"] [data-sha256]').evaluateAll((rows) => rows.map((r) => `${r.dataset.sha256} ${r.dataset.status}`));
  return { log, sent };
}

test('a workbook import and taking a receipt: stopped after k writes, the ledgers, the import log and the files sent exactly as before; after, exactly as after', async () => {
  const { execFileSync } = await import('node:child_process');
  const { mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dir = mkdtempSync(join(tmpdir(), 'taizhang-faults-'));
  execFileSync('/usr/bin/python3', [new URL('./fixtures/workbooks.py', import.meta.url).pathname, dir]);
  const workbook = join(dir, '台账-石峰区.xlsx');
  const chooseWorkbook = async (page) => {
    await page.click('[data-nav="exchange"]');
    await page.setInputFiles('[data-testid="import-file"]', workbook);
    await page.locator('[data-testid="sheet-mapping"]').waitFor();
    await page.locator('[data-testid="value-mapping"] select[data-field="kind"][data-raw="廉政党课"]').selectOption('warning_education');
    await page.click('[data-testid="sheet-continue"]');
    await page.locator('[data-testid="import-preview"]').waitFor();
  };

  // How many writes a workbook import makes, in a profile of its own.
  const measure = await newContext();
  const m = await openApp(browser, server.url, { context: measure });
  await loadSample(m.page);
  await chooseWorkbook(m.page);
  const start = await writes(m.page);
  await m.page.click('[data-testid="import-confirm"]');
  await m.page.locator('[data-testid="import-summary"]').waitFor();
  const importWrites = (await writes(m.page)) - start;
  console.log(`# writes: workbook import ${importWrites}`);
  assert.ok(importWrites >= 3, 'the import spans several writes');
  await measure.close();

  const context = await newContext();
  let { page } = await openApp(browser, server.url, { context });
  await loadSample(page);
  const sample = await stored(page); // also a file sent: the log and the sent list are not empty
  const before = await reports(page);
  assert.equal(before.sent.length, 1);
  for (const k of [1, Math.max(1, Math.floor(importWrites / 2)), importWrites - 1]) {
    await chooseWorkbook(page);
    await crashAfter(page, k, () => page.click('[data-testid="import-confirm"]'));
    page = await reopen(context);
    assertSameRecords(await stored(page), sample, `workbook import stopped after ${k} of ${importWrites} writes`);
    const now = await reports(page);
    assert.deepEqual(now.log, before.log, `the import log after ${k} writes`);
    // Each `stored` export above is a file sent of its own (listed newest first); those before it are unchanged.
    assert.deepEqual(now.sent.slice(-before.sent.length), before.sent, `the files sent after ${k} writes`);
    assert.equal(await page.locator('[data-testid="import-undo"]').count(), 0);
  }
  await chooseWorkbook(page);
  await page.click('[data-testid="import-confirm"]');
  await page.locator('[data-testid="import-summary"]').waitFor();
  await crash(page);
  page = await reopen(context);
  const imported = await reports(page);
  assert.equal(imported.log.length, before.log.length + 1, 'the completed import is logged');
  assert.equal((await stored(page)).training_sessions.length, sample.training_sessions.length + 5);

  // Taking a receipt: a city's copy receipts this copy's file; taking it is stopped before it commits.
  const exported = await exportJson(page);
  const city = await openApp(browser, server.url);
  await city.page.click('[data-nav="exchange"]');
  await city.page.setInputFiles('[data-testid="import-file"]', { name: exported.name, mimeType: 'application/json', buffer: Buffer.from(exported.raw) });
  await city.page.locator('[data-testid="import-preview"]').waitFor();
  await city.page.click('[data-testid="import-confirm"]');
  await city.page.locator('[data-testid="import-summary"]').waitFor();
  await city.page.click('[data-testid="receipt"]');
  await city.page.locator('[data-testid="own-office-dialog"] select').selectOption('430200-committee');
  const [download] = await Promise.all([city.page.waitForEvent('download'), city.page.click('[data-testid="own-office-save"]')]);
  const receipt = await readFile(await download.path());
  await city.context.close();
  const withReceipt = async (p) => {
    await p.click('[data-nav="exchange"]');
    await p.setInputFiles('[data-testid="import-file"]', { name: download.suggestedFilename(), mimeType: 'application/json', buffer: receipt });
  };
  // The city's key is trusted first (a receipt counts only from a trusted key): that write is not under test.
  await withReceipt(page);
  await page.locator('[data-testid="receipt-taken"][data-counted="false"]').waitFor();
  await page.click('[data-testid="accept-key"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="import-sender"]')?.dataset.trust === 'verified');
  const ledgers = await stored(page);
  const beforeReceipt = await reports(page);
  // Its one write handed to the database, the renderer dies before the commit.
  await crashAfter(page, 0, () => withReceipt(page), { issued: true });
  page = await reopen(context);
  const afterCrash = await reports(page);
  assert.deepEqual(afterCrash.log, beforeReceipt.log);
  assert.deepEqual(afterCrash.sent.slice(-beforeReceipt.sent.length), beforeReceipt.sent, 'the receipt stopped before it committed: the file is still only sent');
  assertSameRecords(await stored(page), ledgers, 'receipt stopped');
  await withReceipt(page);
  await page.locator('[data-testid="receipt-taken"]').waitFor();
  await crash(page);
  page = await reopen(context);
  const received = await reports(page);
  const hash = (await import('node:crypto')).createHash('sha256').update(exported.raw).digest('hex');
  assert.ok(received.sent.includes(`${hash} received`), 'a completed receipt is kept');
  assertSameRecords(await stored(page), ledgers, 'a receipt changes no ledger');
  await context.close();
});
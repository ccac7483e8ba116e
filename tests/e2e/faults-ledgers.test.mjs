// Deterministic faults: the page is stopped after exactly k database writes
// (IDBObjectStore put/add/delete/clear wrapped by an init script), then its
// renderer is killed (or its transaction aborted); the next tab must find exactly the state before, or,
// when the crash comes after the summary, exactly the state after. The app has
// no test switch of its own: the user's build is what is tested. Here: an
// import, its undo, clearing everything, a setting, one record's own block,
// and a record saved with its history. Helpers: faults.mjs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { serveDist, launch, openApp, loadSample, bigFile, historyOf, DIST, saveCaseNotes } from './harness.mjs';
import { assertSameRecords } from './oracle.mjs';
import { share, newContext, writes, arm, crashAfter, crash, reopen, stored } from './faults.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); share({ server, browser }); });
after(async () => { await browser?.close(); await server?.close(); });

async function chooseFile(page, name, file) {
  await page.click('[data-nav="exchange"]');
  await page.setInputFiles('[data-testid="import-file"]', { name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
  await page.locator('[data-testid="import-preview"]').waitFor();
}

async function undo(page) {
  await page.click('[data-nav="exchange"]');
  await page.click('[data-testid="import-undo"]');
  await page.click('[data-testid="confirm-yes"]');
}

async function clearEverything(page) {
  await page.click('[data-nav="offices"]');
  await page.click('[data-testid="clear-everything"]');
  await page.click('[data-testid="confirm-yes"]');
}
test('the user build carries no test switch', async () => {
  for (const name of await readdir(DIST)) {
    if (!/\.(wasm|js)$/.test(name)) continue;
    const text = (await readFile(DIST + name)).toString('latin1');
    assert.ok(!text.includes('test_fail_next_write'), `${name} exports no test switch`);
    assert.ok(!text.includes(Buffer.from('被测试故意中断').toString('latin1')), `${name} has no test-only message`);
  }
});

test('an import, its undo, clearing everything and a setting: stopped after k writes, exactly the state before; after the summary, exactly the state after', async () => {
  // First, how many writes each action makes, in a profile of its own.
  const measure = await newContext();
  const m = await openApp(browser, server.url, { context: measure });
  await loadSample(m.page);
  const measured = bigFile(await stored(m.page), 20); // ~10k records, ~10 blocks per ledger
  let start = await writes(m.page);
  await chooseFile(m.page, 'big.json', measured);
  await m.page.click('[data-testid="import-confirm"]');
  await m.page.locator('[data-testid="import-summary"]').waitFor();
  const importWrites = (await writes(m.page)) - start;
  start = await writes(m.page);
  await undo(m.page);
  await m.page.locator('[data-testid="import-undo"]').waitFor({ state: 'detached' });
  const undoWrites = (await writes(m.page)) - start;
  console.log(`# writes: import ${importWrites}, undo ${undoWrites}`);
  assert.ok(importWrites >= 20 && undoWrites >= 10, 'the actions span many writes');
  await measure.close();

  const context = await newContext();
  let { page } = await openApp(browser, server.url, { context });
  await loadSample(page);
  const sample = await stored(page);
  const big = bigFile(sample, 20);

  // The import, stopped after its first write, half of them, and all but the last.
  for (const k of [1, Math.floor(importWrites / 2), importWrites - 1]) {
    await chooseFile(page, 'big.json', big);
    await crashAfter(page, k, () => page.click('[data-testid="import-confirm"]'));
    page = await reopen(context);
    assertSameRecords(await stored(page), sample, `import stopped after ${k} of ${importWrites} writes`);
    assert.equal(await page.locator('[data-testid="import-undo"]').count(), 0, 'no undo of an import that did not happen');
  }
  // A transaction the database aborts partway: nothing of it, and a notice.
  await chooseFile(page, 'big.json', big);
  await arm(page, { after: 3, abort: true });
  await page.click('[data-testid="import-confirm"]');
  await page.locator('[data-testid="notice"]').waitFor();
  assert.equal(await page.locator('[data-testid="import-summary"]').count(), 0);
  page = await reopen(context);
  assertSameRecords(await stored(page), sample, 'import aborted at write 3');
  // Stopped only after the summary: all of it, exactly.
  await chooseFile(page, 'big.json', big);
  await page.click('[data-testid="import-confirm"]');
  await page.locator('[data-testid="import-summary"]').waitFor();
  await crash(page);
  page = await reopen(context);
  assertSameRecords(await stored(page), big, 'import completed, then the tab crashed');

  // Undo of that import, stopped partway: the import stays, and can still be undone.
  for (const k of [1, undoWrites - 1]) {
    await crashAfter(page, k, () => undo(page));
    page = await reopen(context);
    assertSameRecords(await stored(page), big, `undo stopped after ${k} of ${undoWrites} writes`);
  }
  await undo(page);
  await page.locator('[data-testid="import-undo"]').waitFor({ state: 'detached' });
  await crash(page);
  page = await reopen(context);
  assertSameRecords(await stored(page), sample, 'undo completed, then the tab crashed');

  // A setting (this copy's own office), stopped before its write commits. This copy
  // has signed as the district, so the court's key is made first (said, then confirmed):
  // its write is the first, the setting's the next.
  const chooseCourt = async (p) => {
    await p.selectOption('[data-testid="own-office-select"]', '430204-court');
    const asked = p.locator('[data-testid="new-key-warning"] [data-testid="confirm-yes"]');
    const shown = p.locator('[data-testid="own-office"]', { hasText: '石峰区人民法院' });
    if (await Promise.race([asked.waitFor().then(() => true), shown.waitFor().then(() => false)])) await asked.click();
  };
  await page.click('[data-nav="offices"]');
  await crashAfter(page, 1, () => chooseCourt(page));
  page = await reopen(context, '#/offices');
  assert.equal(await page.locator('[data-testid="own-office-select"]').inputValue(), '430204-committee');
  await chooseCourt(page);
  // Shown only once stored (store, then show).
  await page.locator('[data-testid="own-office"]', { hasText: '石峰区人民法院' }).waitFor();
  await crash(page);
  page = await reopen(context, '#/offices');
  assert.equal(await page.locator('[data-testid="own-office-select"]').inputValue(), '430204-court', 'a completed setting is kept');

  // Clearing everything, stopped after its first of three clears: nothing is gone.
  await crashAfter(page, 1, () => clearEverything(page));
  page = await reopen(context);
  assertSameRecords(await stored(page), sample, 'clear stopped after 1 write');
  await clearEverything(page);
  await page.locator('[data-testid="load-sample"]').waitFor();
  await crash(page);
  page = await reopen(context, '#/offices');
  await page.locator('[data-testid="load-sample"]').waitFor();
  assert.equal(await page.locator('[data-row]').count(), 0, 'a completed clear is kept');
  await context.close();
});

test('one record changed far into a ledger is stored in its own block', async () => {
  const { page, context } = await openApp(browser, server.url);
  await loadSample(page);
  const big = bigFile(await stored(page), 20); // 5,200 cases: six blocks of 1,000
  await chooseFile(page, 'big.json', big);
  await page.click('[data-testid="import-confirm"]');
  await page.locator('[data-testid="import-summary"]').waitFor();
  for (const position of [999, 1000, big.cases.length - 1]) {
    const edited = structuredClone(big);
    const target = edited.cases[position];
    Object.assign(target, { notes: `第 ${position} 条，改过`, revision: target.revision + 1, updated_at: '2021-06-01T00:00:00Z' });
    await chooseFile(page, `one-${position}.json`, edited);
    await page.click('[data-testid="import-confirm"]');
    await page.locator('[data-testid="import-summary"]').waitFor();
    assert.equal(await page.locator('[data-testid="import-summary"] [data-count="updated"]').getAttribute('data-value'), '1');
    await page.reload();
    await page.waitForSelector('[data-testid="app-ready"]', { state: 'attached' });
    const now = await stored(page);
    assertSameRecords(now, edited, `after changing case ${position} and a reload`);
    big.cases[position] = target;
  }
  await context.close();
});


test('saving a record with its history: stopped after k writes, record and history both as before; after, both as after', async () => {
  const context = await newContext();
  let { page } = await openApp(browser, server.url, { context });
  await loadSample(page);
  const sample = await stored(page);
  const target = sample.cases.find((c) => c.notes === '' && !c.deleted);
  let start = await writes(page);
  await saveCaseNotes(page, target.id, '第一次');
  const saveWrites = (await writes(page)) - start;
  console.log(`# writes: one record saved with its history ${saveWrites}`);
  assert.ok(saveWrites >= 3, 'the block, the history entry and the commit token');
  const first = { how: 'form', changes: { notes: ['（空）', '第一次'] } };
  const shape = (revisions) => revisions.map(({ how, changes }) => ({ how, changes }));
  const notesOf = async (p) => (await stored(p)).cases.find((c) => c.id === target.id).notes;
  for (let k = 1; k < saveWrites; k += 1) {
    await crashAfter(page, k, () => saveCaseNotes(page, target.id, '第二次'));
    page = await reopen(context);
    assert.equal(await notesOf(page), '第一次', `stopped after ${k} of ${saveWrites} writes: the record as before`);
    assert.deepEqual(shape(await historyOf(page, 'cases', target.id)), [first], `stopped after ${k}: its history as before`);
  }
  await saveCaseNotes(page, target.id, '第二次');
  await crash(page);
  page = await reopen(context);
  assert.equal(await notesOf(page), '第二次', 'saved, then the tab crashed: the record as after');
  assert.deepEqual(shape(await historyOf(page, 'cases', target.id)),
    [first, { how: 'form', changes: { notes: ['第一次', '第二次'] } }], 'and its history as after');
  await context.close();
});
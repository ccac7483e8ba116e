// Deterministic faults (see faults-ledgers.test.mjs; helpers: faults.mjs)
// with the app lock: turned on, off and its passphrase changed, and a record
// saved under it with the sealed manifest; stopped after each write k, the
// copy opens with the old setting or the new and all of the data is there.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, openApp, loadSample, turnLockOn, unlock, PASSPHRASE, saveCaseNotes } from './harness.mjs';
import { share, newContext, writes, crashAfter, crash, stored } from './faults.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); share({ server, browser }); });
after(async () => { await browser?.close(); await server?.close(); });

/** A new tab of the same profile: ready, unlocked with `passphrase` if it opens locked; says which. */
async function reopenMaybeLocked(context, passphrase) {
  const page = await context.newPage();
  await page.goto(server.url);
  const form = page.locator('[data-testid="unlock-passphrase"]');
  const locked = await Promise.race([
    page.waitForSelector('[data-testid="app-ready"]', { state: 'attached' }).then(() => false),
    form.waitFor().then(() => true),
  ]);
  if (locked) await unlock(page, { passphrase });
  return { page, locked };
}

test('the app lock turned on, off and its passphrase changed: stopped after each write k, the data opens with the old setting or the new, and all of it is there', async () => {
  const context = await newContext();
  let { page } = await openApp(browser, server.url, { context });
  await loadSample(page);
  const ledgersOf = (f) => Object.fromEntries(['offices', 'training_sessions', 'honoured_models', 'cases'].map((k) => [k, f[k]]));
  const whole = ledgersOf(await stored(page));
  const NEW = '换过的口令换过的口令';
  const turnOff = async (p, passphrase) => {
    await p.click('[data-nav="offices"]');
    const off = p.locator('form[data-form="lock-off"]');
    await off.locator('[name="current"]').fill(passphrase);
    await off.locator('[type=submit]').click();
    await p.locator('[data-testid="lock-set"]').waitFor();
  };
  const change = async (p, from, to) => {
    await p.click('[data-nav="offices"]');
    const form = p.locator('form[data-form="lock-change"]');
    await form.locator('[name="current"]').fill(from);
    await form.locator('[name="new"]').fill(to);
    await form.locator('[name="new-again"]').fill(to);
    await form.locator('[type=submit]').click();
    await p.locator('[data-testid="passphrase-changed"]').waitFor();
  };
  const measure = async (action) => {
    const start = await writes(page);
    await action();
    return (await writes(page)) - start;
  };
  const onWrites = await measure(() => turnLockOn(page));
  const offWrites = await measure(() => turnOff(page, PASSPHRASE));
  console.log(`# writes: lock on ${onWrites}, off ${offWrites}`);
  assert.ok(onWrites >= 6, 'every block, the settings, the record and the commit token');

  // On, stopped after k of its writes: still off, everything there.
  for (let k = 1; k < onWrites; k += 1) {
    await crashAfter(page, k, () => turnLockOn(page));
    let locked;
    ({ page, locked } = await reopenMaybeLocked(context, PASSPHRASE));
    assert.equal(locked, false, `lock on stopped after ${k} of ${onWrites} writes: still off`);
    assert.deepEqual(ledgersOf(await stored(page)), whole, `lock on stopped after ${k}: all of the data`);
  }
  await turnLockOn(page);
  await crash(page);
  ({ page } = await reopenMaybeLocked(context, PASSPHRASE));
  assert.deepEqual(ledgersOf(await stored(page)), whole, 'on, then the tab crashed: locked, and all of it there');

  // The passphrase changed, stopped after k: the old one opens.
  const changeWrites = await measure(() => change(page, PASSPHRASE, NEW));
  await change(page, NEW, PASSPHRASE);
  for (let k = 1; k < changeWrites; k += 1) {
    await crashAfter(page, k, () => change(page, PASSPHRASE, NEW));
    let locked;
    ({ page, locked } = await reopenMaybeLocked(context, PASSPHRASE));
    assert.equal(locked, true, `change stopped after ${k} of ${changeWrites} writes: the old passphrase opens`);
  }
  await change(page, PASSPHRASE, NEW);
  await crash(page);
  ({ page } = await reopenMaybeLocked(context, NEW));
  // Off, stopped after k of its writes: still on, with the new passphrase.
  const current = NEW;
  for (let k = 1; k < offWrites; k += 1) {
    await crashAfter(page, k, () => turnOff(page, current));
    let locked;
    ({ page, locked } = await reopenMaybeLocked(context, current));
    assert.equal(locked, true, `lock off stopped after ${k} of ${offWrites} writes: still on`);
    assert.deepEqual(ledgersOf(await stored(page)), whole, `lock off stopped after ${k}: all of the data`);
  }
  await turnOff(page, current);
  await crash(page);
  let locked;
  ({ page, locked } = await reopenMaybeLocked(context, current));
  assert.equal(locked, false, 'off, then the tab crashed: plain');
  assert.deepEqual(ledgersOf(await stored(page)), whole, 'and all of it there');
  await context.close();
});

test('with the lock on, saving a record writes the sealed manifest in the same transaction: stopped after each write k, the copy unlocks to the record as before (never store-tampered); after, as after', async () => {
  const context = await newContext();
  let { page } = await openApp(browser, server.url, { context });
  await loadSample(page);
  const target = (await stored(page)).cases.find((c) => c.notes === '' && !c.deleted);
  await turnLockOn(page);
  const notesOf = async (p) => (await stored(p)).cases.find((c) => c.id === target.id).notes;
  /** A new tab unlocked with the passphrase: what it shows, 'ready' or 'tampered'. */
  const reopenUnlocked = async () => {
    const next = await context.newPage();
    await next.goto(server.url);
    await next.locator('[data-testid="unlock-passphrase"]').waitFor();
    await next.fill('[data-testid="unlock-passphrase"]', PASSPHRASE);
    await next.click('[data-testid="unlock"]');
    const seen = await Promise.race([
      next.locator('[data-testid="store-tampered"]').waitFor().then(() => 'tampered'),
      next.waitForSelector('[data-testid="app-ready"]', { state: 'attached' }).then(() => 'ready'),
    ]);
    return { next, seen };
  };
  let start = await writes(page);
  await saveCaseNotes(page, target.id, '锁定时第一次');
  const saveWrites = (await writes(page)) - start;
  console.log(`# writes: one record saved with the lock on ${saveWrites}`);
  assert.ok(saveWrites >= 4, 'the block, the history page, the manifest and the commit token');
  for (let k = 1; k < saveWrites; k += 1) {
    await crashAfter(page, k, () => saveCaseNotes(page, target.id, '锁定时第二次'));
    const { next, seen } = await reopenUnlocked();
    page = next;
    assert.equal(seen, 'ready', `stopped after ${k} of ${saveWrites} writes: the copy opens`);
    assert.equal(await notesOf(page), '锁定时第一次', `stopped after ${k}: the record as before`);
  }
  await saveCaseNotes(page, target.id, '锁定时第二次');
  await crash(page);
  const { next, seen } = await reopenUnlocked();
  assert.equal(seen, 'ready', 'saved, then the tab crashed: the copy opens');
  assert.equal(await notesOf(next), '锁定时第二次', 'and the record as after');
  await context.close();
});
// Authority (trust-format.md §6), tried as an attacker would: a key speaks
// only within its office's reach (rows, deletions, rows taken over or handed
// away, offices outside it as context only), and only as the one office it
// signs as. Keys and files are made by Node's own crypto (jws.mjs), never by
// the app, and every verdict is read from what the database holds — a full
// export of every office and the raw `keys` and `meta` stores — not only
// from words on the screen. Each scenario is its own fresh browser profile,
// one browser shared. Helpers: authority-keys.mjs.
//
//   TAIZHANG_DIST=/path/to/dist node --test authority-keys-reach.test.mjs
// runs the same file against another build (an old one must fail here).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID, verify } from 'node:crypto';
import { serveDist, launch, exportJson, CITY, DISTRICT } from './harness.mjs';
import { officeKey } from './jws.mjs';
import {
  share, PROVINCE, COURT, PROCURATORATE, POLICE, LATER, trustedId, district, snapshot, trustedKeys, assertUnchanged,
  choose, pointers, names, sender, acceptKey, confirm, attempt, takeTheirs, officesOf, exchange, newCase, caseOf,
  CHAIN, courtFile, trustOn,
} from './authority-keys.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); share({ server, browser }); });
after(async () => { await browser?.close(); await server?.close(); });

// ---------------------------------------------------------------- reach

test('reach: a court key trusted for the court cannot write the procuratorate\'s or the committee\'s rows, delete them, or steal them', async () => {
  const { page, context, errors, base } = await district();
  const court = officeKey();
  await trustOn(page, court, COURT, base);
  const start = await snapshot(page);

  // Its own case, with one of the procuratorate and one of the committee above it.
  const mixed = courtFile(court, base, {
    offices: officesOf(base, [...CHAIN, COURT, PROCURATORATE]),
    cases: [newCase(base, COURT), newCase(base, PROCURATORATE), newCase(base, DISTRICT)],
    training_sessions: [{ ...base.file.training_sessions.find((t) => t.office === PROCURATORATE), id: randomUUID(), revision: 1, updated_at: LATER }],
  });
  const shown = await attempt(page, 'mixed.json', mixed);
  const at = shown === 'import-errors' ? await pointers(page) : [];
  assertUnchanged(start, await snapshot(page), 'a court file with others\' cases');
  assert.equal(shown, 'import-errors', 'refused whole, before any preview');
  assert.ok(names(at, '/cases/1'), `the procuratorate's case is named: ${at}`);
  assert.ok(names(at, '/cases/2'), `the committee's case is named: ${at}`);
  assert.ok(!names(at, '/cases/0'), `the court's own case is not: ${at}`);
  assert.ok(names(at, '/training_sessions/0'), `the procuratorate's training session is named: ${at}`);

  // A tombstone of one of the procuratorate's cases, a revision higher.
  const target = caseOf(base, PROCURATORATE);
  const tombstone = courtFile(court, base, {
    offices: officesOf(base, [...CHAIN, COURT, PROCURATORATE]),
    cases: [{ ...target, deleted: true, revision: target.revision + 1, updated_at: LATER }],
  });
  assert.equal(await attempt(page, 'tombstone.json', tombstone), 'import-errors', 'a tombstone outside the reach is refused');
  assert.ok(names(await pointers(page), '/cases/0'));
  const afterTombstone = await snapshot(page);
  assertUnchanged(start, afterTombstone, 'a court file deleting a procuratorate case');
  assert.equal(JSON.parse(afterTombstone.records[`cases/${target.id}`]).deleted, false, 'the case is still there');

  // The procuratorate's case taken over: its id, the court as its office.
  const stolen = courtFile(court, base, {
    cases: [{ ...target, office: COURT, revision: target.revision + 1, updated_at: LATER, notes: '归法院' }],
  });
  assert.equal(await attempt(page, 'stolen.json', stolen), 'import-errors', 'a row stolen from the procuratorate is refused');
  assert.ok(names(await pointers(page), '/cases/0'));
  const afterSteal = await snapshot(page);
  assertUnchanged(start, afterSteal, 'a court file stealing a procuratorate case');
  assert.equal(JSON.parse(afterSteal.records[`cases/${target.id}`]).office, PROCURATORATE);

  // The court's own case handed to the procuratorate: its new office is outside the reach.
  const mine = caseOf(base, COURT);
  const handed = courtFile(court, base, {
    offices: officesOf(base, [...CHAIN, COURT, PROCURATORATE]),
    cases: [{ ...mine, office: PROCURATORATE, revision: mine.revision + 1, updated_at: LATER }],
  });
  assert.equal(await attempt(page, 'handed.json', handed), 'import-errors', 'a row handed to the procuratorate is refused');
  assert.ok(names(await pointers(page), '/cases/0'));
  assertUnchanged(start, await snapshot(page), 'a court file handing its case to the procuratorate');
  assert.deepEqual(errors, []);
  await context.close();
});

test('reach binds a key accepted in the preview before applying: trusted on the spot, it still cannot write outside its office', async () => {
  const { page, context, errors, base } = await district();
  const court = officeKey(); // never seen before: the preview is today's (unknown key)
  const text = courtFile(court, base, {
    offices: officesOf(base, [...CHAIN, COURT, POLICE]),
    cases: [newCase(base, COURT), newCase(base, POLICE)],
  });
  const shown = await choose(page, 'unknown-then-trusted.json', text);
  if (shown === 'import-preview') {
    assert.equal(await sender(page).getAttribute('data-trust'), 'unknown');
    await acceptKey(page); // the user's word: this key is the court's
    // Whatever the page offers next, a user who confirms writes nothing.
    const confirmable = page.locator('[data-testid="import-preview"] [data-testid="import-confirm"]');
    if (await confirmable.count() && await confirmable.isEnabled()) await confirm(page);
  }
  await page.locator('[data-testid="import-errors"] [data-pointer]').first().waitFor({ timeout: 5000 }).catch(() => {});
  const at = await pointers(page);
  const notice = await page.locator('[data-testid="notice"]').allInnerTexts();
  assertUnchanged(base, await snapshot(page), 'a file whose key was accepted in its preview', { keys: false });
  // The refusal is said where it is: the public security bureau's case.
  assert.ok(names(at, '/cases/1'), `the public security bureau's case is named at its pointer: [${at}] (notice: ${notice})`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('offices outside the reach are context only: a court file cannot rename the city, add an office under it or move itself; an office under the court is taken', async () => {
  const { page, context, errors, base } = await district();
  const court = officeKey();
  await trustOn(page, court, COURT, base);
  const [province, city, committee, courtOffice] = officesOf(base, [...CHAIN, COURT]);
  const tribunal = { code: '430204-court-tribunal', name: '石峰区人民法院某人民法庭', level: 'county', system: 'court', parent: COURT, headcount: 7 };
  const stray = { code: '430299-committee', name: '伪造区委政法委', level: 'county', system: 'committee', parent: CITY, headcount: 1 };
  const own = newCase(base, COURT);
  const text = courtFile(court, base, {
    offices: [province, { ...city, name: '被改名的市委政法委' }, committee, { ...courtOffice, parent: CITY }, tribunal, stray],
    cases: [own],
  });
  assert.equal(await choose(page, 'context.json', text), 'import-preview');
  assert.equal(await sender(page).getAttribute('data-trust'), 'verified');
  const notTaken = page.locator('[data-testid="offices-not-taken"]');
  await notTaken.waitFor({ timeout: 5000 }).catch(() => {});
  const listed = await notTaken.locator('[data-office]').evaluateAll((items) => items.map((i) => i.dataset.office));
  await takeTheirs(page); // what a user might choose, where the page asks
  await confirm(page);
  const after = await snapshot(page);
  assert.equal(JSON.parse(after.offices[CITY]).name, '株洲市委政法委', 'the city keeps its name');
  assert.equal(after.offices[stray.code], undefined, 'no office is added under the city');
  assert.equal(JSON.parse(after.offices[COURT]).parent, DISTRICT, 'the court cannot move itself out from under the district');
  assert.equal(after.offices[tribunal.code] && JSON.parse(after.offices[tribunal.code]).parent, COURT, 'the office under the court is taken');
  assert.ok(after.records[`cases/${own.id}`], 'the court\'s own case is taken');
  assert.ok(listed.includes(CITY), `the preview lists the city as not taken: [${listed}]`);
  assert.ok(listed.includes(stray.code), `the preview lists the office under the city as not taken: [${listed}]`);
  assert.ok(!listed.includes(tribunal.code), 'the office under the court is not listed as not taken');

  // The same from a key not trusted yet: the user takes the file's offices, then trusts the key
  // in the preview before applying — the reach binds it all the same.
  const other = officeKey();
  const again = courtFile(other, base, {
    offices: [{ ...province, name: '被改名的省委政法委' }, { ...city, name: '再次被改名的市委政法委' }, committee, courtOffice],
  });
  assert.equal(await choose(page, 'context-unknown.json', again), 'import-preview');
  assert.equal(await sender(page).getAttribute('data-trust'), 'unknown');
  await takeTheirs(page);
  await acceptKey(page);
  const confirmable = page.locator('[data-testid="import-preview"] [data-testid="import-confirm"]');
  if (await confirmable.count() && await confirmable.isEnabled()) await confirm(page);
  const last = await snapshot(page);
  assert.equal(JSON.parse(last.offices[CITY]).name, '株洲市委政法委', 'the city keeps its name (key accepted in the preview)');
  assert.equal(JSON.parse(last.offices[PROVINCE]).name, '湖南省委政法委', 'the province keeps its name (key accepted in the preview)');
  assert.deepEqual(errors, []);
  await context.close();
});

// ---------------------------------------------------------------- one key, one office

test('a key trusted for the court is unknown when it signs as the procuratorate, is trusted for it only on the user\'s word, and then speaks only as the office it signs as', async () => {
  const { page, context, errors, base } = await district();
  const court = officeKey();
  await trustOn(page, court, COURT, base);
  const start = await snapshot(page);
  const text = court.sign(exchange(PROCURATORATE, {
    offices: officesOf(base, [...CHAIN, PROCURATORATE]),
    cases: [newCase(base, PROCURATORATE)],
  }), PROCURATORATE, 'taizhang-exchange');
  assert.equal(await choose(page, 'as-procuratorate.json', text), 'import-preview');
  assert.equal(await sender(page).getAttribute('data-office'), PROCURATORATE);
  assert.notEqual(await sender(page).getAttribute('data-trust'), 'verified');
  assert.equal(await sender(page).getAttribute('data-trust'), 'unknown');
  const held = await trustedKeys(page);
  assert.ok(!held.includes(trustedId(PROCURATORATE, court.kid)), 'not trusted for the procuratorate before it is accepted');
  await page.click('[data-testid="import-cancel"]');
  assertUnchanged(start, await snapshot(page), 'a file previewed and dropped');

  // Trusted for both on the user's word, it still speaks as the office it signs as:
  // as the procuratorate it cannot write the court's rows.
  assert.equal(await choose(page, 'as-procuratorate.json', text), 'import-preview');
  await acceptKey(page);
  await page.click('[data-testid="import-cancel"]');
  const both = await snapshot(page);
  assert.ok(both.keys[trustedId(PROCURATORATE, court.kid)] && both.keys[trustedId(COURT, court.kid)], 'trusted for both');
  const crossing = court.sign(exchange(PROCURATORATE, {
    offices: officesOf(base, [...CHAIN, COURT, PROCURATORATE]),
    cases: [newCase(base, COURT)],
  }), PROCURATORATE, 'taizhang-exchange');
  const shown = await attempt(page, 'crossing.json', crossing);
  const at = shown === 'import-errors' ? await pointers(page) : [];
  assertUnchanged(both, await snapshot(page), 'signed as the procuratorate, a court case');
  assert.equal(shown, 'import-errors');
  assert.ok(names(at, '/cases/0'), `the court's case is named: ${at}`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('this copy\'s key speaks for one office: choosing another own office signs with another key', async () => {
  const { page, context, errors } = await district();
  const header = (raw) => JSON.parse(Buffer.from(JSON.parse(raw).protected, 'base64url').toString());
  const first = header((await exportJson(page)).raw);
  assert.equal(first.office, DISTRICT);
  await page.click('[data-nav="offices"]');
  await page.selectOption('[data-testid="own-office-select"]', COURT);
  // The page may ask first (a new key will be made): yes.
  const yes = page.locator('[data-testid="confirm-yes"]');
  await yes.waitFor({ timeout: 3000 }).then(() => yes.click(), () => {});
  await page.locator('[data-testid="own-office"]', { hasText: '石峰区人民法院' }).waitFor();
  const exported = await exportJson(page);
  const second = header(exported.raw);
  assert.equal(second.office, COURT);
  assert.equal(JSON.parse(exported.text).source_office, COURT);
  const file = JSON.parse(exported.raw);
  assert.ok(verify('sha256', Buffer.from(`${file.protected}.${file.payload}`), { key: second.jwk, format: 'jwk', dsaEncoding: 'ieee-p1363' }, Buffer.from(file.signature, 'base64url')));
  assert.notEqual(second.kid, first.kid, 'the district\'s key does not sign as the court');
  assert.deepEqual(errors, []);
  await context.close();
});
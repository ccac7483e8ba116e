// Authority (trust-format.md §6), tried as an attacker would: how a key comes
// to be trusted and stops being so — rosters vouch downward only, a second
// key for an office is named before it is trusted, a withdrawn key verifies
// nothing new and never comes back by a roster — and receipts, which count
// only when signed by a key trusted for the receiver they name. Keys and
// files are made by Node's own crypto (jws.mjs), never by the app, and every
// verdict is read from what the database holds, not only from words on the
// screen. Each scenario is its own fresh browser profile, one browser
// shared. Helpers: authority-keys.mjs.
//
//   TAIZHANG_DIST=/path/to/dist node --test authority-keys-trust.test.mjs
// runs the same file against another build (an old one must fail here).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, exportJson, download, cityAndDistrict, CITY, DISTRICT } from './harness.mjs';
import { officeKey, roster } from './jws.mjs';
import {
  share, PROVINCE, COURT, PROCURATORATE, LEDGERS, LATER, sha256, grouped, trustedId, district, snapshot, trustedKeys,
  assertUnchanged, choose, pointers, conflictSaid, sender, acceptKey, confirm, reload, officesOf, exchange,
  newCase, courtFile, trustOn,
} from './authority-keys.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); share({ server, browser }); });
after(async () => { await browser?.close(); await server?.close(); });

// ---------------------------------------------------------------- rosters

test('rosters vouch downward only: the court cannot vouch for the city, its sibling or its parent', async () => {
  const { page, context, errors, base } = await district();
  const court = officeKey();
  await trustOn(page, court, COURT, base);
  const start = await snapshot(page);
  const fakeCity = officeKey();
  const upward = roster(court, COURT, [court.listed(COURT), fakeCity.listed(CITY)]);
  const shown = await choose(page, 'upward.json', upward);
  if (shown === 'roster' && await page.locator('[data-testid="accept-roster"]').count()) {
    await page.click('[data-testid="accept-roster"]'); // what a user might do, if the page let them
    await page.waitForFunction(() => document.querySelector('[data-testid="roster"]')?.dataset.taken === 'true').catch(() => {});
  }
  let at = shown === 'import-errors' ? await pointers(page) : [];
  assertUnchanged(start, await snapshot(page), 'a court roster listing a key for the city');
  assert.equal(shown, 'import-errors', 'the roster is refused whole');
  assert.ok(at.includes('/keys/1'), `the city's entry is named: ${at}`);
  assert.ok(!at.includes('/keys/0'), `the court's own entry is not: ${at}`);

  // The key it tried to vouch for, signing as the city: not verified.
  const cityFile = fakeCity.sign(exchange(CITY, { offices: officesOf(base, [PROVINCE, CITY]) }), CITY, 'taizhang-exchange');
  assert.equal(await choose(page, 'fake-city.json', cityFile), 'import-preview');
  assert.notEqual(await sender(page).getAttribute('data-trust'), 'verified');
  await page.click('[data-testid="import-cancel"]');

  // Sideways and upward in one: the procuratorate and the district committee.
  const sideways = roster(court, COURT, [court.listed(COURT), officeKey().listed(PROCURATORATE), officeKey().listed(DISTRICT)]);
  assert.equal(await choose(page, 'sideways.json', sideways), 'import-errors');
  at = await pointers(page);
  assert.ok(at.includes('/keys/1') && at.includes('/keys/2'), `the procuratorate's and the committee's entries are named: ${at}`);
  assertUnchanged(start, await snapshot(page), 'a court roster listing its sibling and its parent');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a second key for an office is named before it is trusted, with both fingerprints; accepted, both are trusted', async () => {
  const { page, context, errors, base } = await district();
  const city = officeKey();
  // The city's first roster, compared on the phone: the city's key.
  assert.equal(await choose(page, 'city-1.json', roster(city, CITY, [city.listed(CITY)])), 'roster');
  await page.click('[data-testid="accept-roster"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="roster"]')?.dataset.taken === 'true');
  const held = officeKey();
  await trustOn(page, held, COURT, base);
  const fresh = officeKey();
  // A file signed by another key as the court: named beside the one held before it can be accepted.
  assert.equal(await choose(page, 'court-other-key.json', courtFile(fresh, base)), 'import-preview');
  assert.equal(await sender(page).getAttribute('data-trust'), 'unknown');
  await page.locator('[data-testid="key-conflict"]').waitFor();
  const inPreview = await conflictSaid(page);
  assert.ok(inPreview.includes(grouped(held.kid)) || inPreview.includes(held.kid), 'the preview names the key held');
  assert.ok(inPreview.includes(grouped(fresh.kid)) || inPreview.includes(fresh.kid), 'the preview names the new key');
  await page.click('[data-testid="import-cancel"]');
  assert.ok(!(await trustedKeys(page)).includes(trustedId(COURT, fresh.kid)));
  // Later the city lists that other key for the court.
  assert.equal(await choose(page, 'city-2.json', roster(city, CITY, [city.listed(CITY), fresh.listed(COURT)], LATER)), 'roster');
  const keysNow = await trustedKeys(page);
  assert.ok(!keysNow.includes(trustedId(COURT, fresh.kid)), 'the new key is not trusted before the page has said so');
  const conflict = page.locator('[data-testid="key-conflict"]');
  await conflict.waitFor();
  const said = await conflictSaid(page);
  for (const [what, kid] of [['held', held.kid], ['new', fresh.kid]]) {
    assert.ok(said.includes(grouped(kid)) || said.includes(kid), `the ${what} key's fingerprint is named`);
  }
  await page.click('[data-testid="accept-roster"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="roster"]')?.dataset.taken === 'true');
  const keysAfter = await trustedKeys(page);
  assert.ok(keysAfter.includes(trustedId(COURT, held.kid)) && keysAfter.includes(trustedId(COURT, fresh.kid)), 'both keys are trusted for the court');
  await page.click('[data-nav="offices"]');
  for (const kid of [held.kid, fresh.kid]) {
    await page.locator(`[data-testid="trusted-keys"] [data-office="${COURT}"][data-kid="${kid}"]`).waitFor();
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('a roster from above listing another key for this copy\'s own office names it beside this copy\'s own key before it is trusted', async () => {
  const { page, context, errors } = await district();
  await page.click('[data-nav="offices"]');
  const own = await page.locator('[data-testid="own-key"] [data-kid]').getAttribute('data-kid');
  const city = officeKey();
  assert.equal(await choose(page, 'city-1.json', roster(city, CITY, [city.listed(CITY)])), 'roster');
  await page.click('[data-testid="accept-roster"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="roster"]')?.dataset.taken === 'true');
  // The city (trusted, above) now vouches for another key as this very district.
  const other = officeKey();
  assert.equal(await choose(page, 'city-2.json', roster(city, CITY, [city.listed(CITY), other.listed(DISTRICT)], LATER)), 'roster');
  const held = await trustedKeys(page);
  assert.ok(!held.includes(trustedId(DISTRICT, other.kid)),
    'a second key for this copy\'s own office is not trusted before the page has named both (it would speak for every office of the district)');
  await page.locator('[data-testid="key-conflict"]').waitFor({ timeout: 5000 });
  const said = await conflictSaid(page);
  assert.ok(said.includes(grouped(own)) || said.includes(own), 'this copy\'s own key is named');
  assert.ok(said.includes(grouped(other.kid)) || said.includes(other.kid), 'the other key is named');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a withdrawn key verifies no new file, and what it brought stays', async () => {
  const { page, context, errors, base } = await district();
  const court = officeKey();
  const procuratorate = officeKey();
  const brought = newCase(base, COURT);
  await trustOn(page, court, COURT, base, { cases: [brought] });
  await trustOn(page, procuratorate, PROCURATORATE, base);
  await page.click('[data-nav="offices"]');
  const row = page.locator(`[data-testid="trusted-keys"] [data-office="${COURT}"][data-kid="${court.kid}"]`);
  await row.waitFor();
  await row.locator('[data-action="withdraw"]').click();
  await page.click('[data-testid="confirm-yes"]');
  await row.waitFor({ state: 'detached' });
  await page.locator(`[data-testid="trusted-keys"] [data-office="${PROCURATORATE}"][data-kid="${procuratorate.kid}"]`).waitFor();
  const held = await trustedKeys(page);
  assert.ok(!held.includes(trustedId(COURT, court.kid)), 'gone from the keys store');
  assert.ok(held.includes(trustedId(PROCURATORATE, procuratorate.kid)), 'the other key stays');

  await reload(page);
  await page.click('[data-nav="offices"]');
  await page.locator(`[data-testid="trusted-keys"] [data-office="${PROCURATORATE}"]`).waitFor();
  assert.equal(await row.count(), 0, 'still withdrawn after a reload');
  assert.equal(await choose(page, 'court-2.json', courtFile(court, base, { cases: [newCase(base, COURT)] })), 'import-preview');
  assert.equal(await sender(page).getAttribute('data-trust'), 'unknown');
  await page.click('[data-testid="import-cancel"]');
  const after = await snapshot(page);
  assert.equal(after.records[`cases/${brought.id}`], JSON.stringify(brought), 'what the withdrawn key brought stays');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a withdrawn key never comes back by a roster: the city\'s roster that vouched for it, taken again, trusts the others only', async () => {
  const { page, context, errors } = await district();
  const city = officeKey();
  const court = officeKey();
  const procuratorate = officeKey();
  const listed = [city.listed(CITY), court.listed(COURT), procuratorate.listed(PROCURATORATE)];
  // The city's roster, compared on the phone: its key and two under it.
  assert.equal(await choose(page, 'city.json', roster(city, CITY, listed)), 'roster');
  await page.click('[data-testid="accept-roster"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="roster"]')?.dataset.taken === 'true');
  assert.ok((await trustedKeys(page)).includes(trustedId(COURT, court.kid)));
  // The court's key withdrawn (a PC lost, say).
  await page.click('[data-nav="offices"]');
  const row = page.locator(`[data-testid="trusted-keys"] [data-office="${COURT}"][data-kid="${court.kid}"]`);
  await row.locator('[data-action="withdraw"]').click();
  await page.click('[data-testid="confirm-yes"]');
  await row.waitFor({ state: 'detached' });
  // The same roster again, and a later one listing the same key: from above now, taken as is,
  // but never with the withdrawn key.
  for (const [name, at] of [['city.json', undefined], ['city-later.json', LATER]]) {
    assert.equal(await choose(page, name, roster(city, CITY, listed, at)), 'roster');
    await page.waitForFunction(() => document.querySelector('[data-testid="roster"]')?.dataset.taken === 'true');
    const held = await trustedKeys(page);
    assert.ok(!held.includes(trustedId(COURT, court.kid)), `${name}: the withdrawn key stays withdrawn`);
    assert.ok(held.includes(trustedId(PROCURATORATE, procuratorate.kid)), `${name}: the others stay trusted`);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

// ---------------------------------------------------------------- receipts

test('a receipt marks a file received only when signed by a key trusted for the receiver it names', async () => {
  const { page, context, errors, base } = await district();
  const sent = await exportJson(page);
  const hash = sha256(Buffer.from(sent.raw));
  const file = JSON.parse(sent.text);
  const status = async () => {
    await page.click('[data-nav="exchange"]');
    const row = page.locator(`[data-testid="sent-files"] [data-sha256="${hash}"]`);
    await row.waitFor();
    return row.getAttribute('data-status');
  };
  assert.equal(await status(), 'sent');
  const records = file.offices.length + LEDGERS.reduce((n, k) => n + file[k].length, 0);
  const receipt = JSON.stringify({
    format: 'taizhang-receipt', version: 1, file_sha256: hash, file_name: sent.name,
    source_office: file.source_office, exported_at: file.exported_at,
    received_by: CITY, received_at: file.exported_at,
    counts: { new: records, updated: 0, unchanged: 0, stale: 0, conflict: 0, deleted: 0 },
  });
  const court = officeKey();
  await trustOn(page, court, COURT, base);
  const forged = [
    ['unsigned', receipt],
    ['signed by a key nobody trusts, as the city', officeKey().sign(receipt, CITY, 'taizhang-receipt')],
    ['signed by the court\'s trusted key, as the city', court.sign(receipt, CITY, 'taizhang-receipt')],
  ];
  for (const [what, text] of forged) {
    await choose(page, 'receipt.json', text);
    assert.equal(await status(), 'sent', what);
    await reload(page);
    assert.equal(await status(), 'sent', `${what}, after a reload`);
  }

  // The city's key, trusted from its roster: its receipt counts.
  const city = officeKey();
  assert.equal(await choose(page, 'city.json', roster(city, CITY, [city.listed(CITY)])), 'roster');
  await page.click('[data-testid="accept-roster"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="roster"]')?.dataset.taken === 'true');
  assert.equal(await choose(page, 'receipt.json', city.sign(receipt, CITY, 'taizhang-receipt')), 'receipt-taken');
  await page.waitForFunction((h) => document.querySelector(`[data-testid="sent-files"] [data-sha256="${h}"]`)?.dataset.status === 'received', hash);
  await reload(page);
  assert.equal(await status(), 'received');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the legitimate path, two copies of the app: the city trusts the district\'s key, applies its next file and sends its own signed receipt; the district, trusting the city\'s roster, marks the file received', async () => {
  const { district: d, city: c } = await cityAndDistrict(browser, server.url);
  for (const page of [d.page, c.page]) page.setDefaultTimeout(15000);
  const next = await exportJson(d.page);
  const hash = sha256(Buffer.from(next.raw));
  // The city compares the district's fingerprint and trusts it before applying: the reach binds
  // (the province and the city it carries are context, not taken).
  assert.equal(await choose(c.page, next.name, next.raw), 'import-preview');
  await acceptKey(c.page);
  await confirm(c.page);
  await c.page.locator('[data-testid="import-summary"]').waitFor({ timeout: 5000 });
  const receipt = await download(c.page, () => c.page.click('[data-testid="receipt"]'));
  const header = JSON.parse(Buffer.from(JSON.parse(receipt.text).protected, 'base64url').toString());
  assert.deepEqual([header.cty, header.office], ['taizhang-receipt', CITY]);
  const shown = await choose(d.page, receipt.name, receipt.text);
  const refusal = shown === 'import-errors' ? await d.page.locator('[data-testid="import-errors"]').innerText() : '';
  assert.equal(shown, 'receipt-taken', `the city's own receipt is taken ${refusal}`);
  assert.equal(await d.page.locator('[data-testid="receipt-taken"]').getAttribute('data-counted'), 'true');
  await reload(d.page);
  await d.page.click('[data-nav="exchange"]');
  assert.equal(await d.page.locator(`[data-testid="sent-files"] [data-sha256="${hash}"]`).getAttribute('data-status'), 'received');
  assert.deepEqual([...d.errors, ...c.errors], []);
  await d.context.close();
  await c.context.close();
});
// Signed files (docs/trust.md): a file signed by OpenSSL (fixtures of
// crates/core/tests/fixtures/signed.py, which verified the signature with
// OpenSSL itself) is read as an office's signed file: unknown key, then
// trusted after the fingerprint is compared, then verified; a file changed
// after signing, or with a hostile header, is refused and nothing changes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveDist, launch, openApp, loadSample, exportJson, chooseText, inner } from './harness.mjs';
import { assertSameRecords } from './oracle.mjs';

const SIGNER = fileURLToPath(new URL('../../crates/core/tests/fixtures/signed.py', import.meta.url));
let server, browser, fixture;
before(async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'taizhang-signed-')), 'signed.json');
  execFileSync('/usr/bin/python3', [SIGNER, path]);
  fixture = JSON.parse(readFileSync(path, 'utf8'));
  server = await serveDist();
  browser = await launch();
});
after(async () => { await browser?.close(); await server?.close(); });

const b64u = (text) => Buffer.from(text).toString('base64url');
const sender = (page) => page.locator('[data-testid="import-sender"]');

test('a signed file: unknown key, trusted once its fingerprint is compared, then verified; changed after signing or with a hostile header it is refused', async () => {
  const { page, errors } = await openApp(browser, server.url);
  await loadSample(page);
  const before = JSON.parse((await exportJson(page)).text);
  const signed = JSON.stringify(fixture.signed_exchange);

  // Unknown key: valid signature, office named, fingerprint in groups of four.
  await chooseText(page, 'signed.json', signed);
  await sender(page).waitFor();
  assert.equal(await sender(page).getAttribute('data-trust'), 'unknown');
  assert.equal(await sender(page).getAttribute('data-office'), '430204-committee');
  const grouped = fixture.kid.match(/.{1,4}/g).join(' ');
  assert.ok((await sender(page).innerText()).includes(grouped), 'the fingerprint, as read on the phone');
  await page.click('[data-testid="accept-key"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="import-sender"]')?.dataset.trust === 'verified');
  await page.click('[data-testid="import-cancel"]');

  // Trusted from now on, over a reload too.
  await page.reload();
  await page.waitForSelector('[data-testid="app-ready"]', { state: 'attached' });
  await chooseText(page, 'signed.json', signed);
  await sender(page).waitFor();
  assert.equal(await sender(page).getAttribute('data-trust'), 'verified');
  assert.match(await sender(page).innerText(), /已核验/);
  await page.click('[data-testid="import-cancel"]');

  // An unsigned file says so.
  await chooseText(page, 'plain.json', fixture.exchange);
  await sender(page).waitFor();
  assert.equal(await sender(page).getAttribute('data-trust'), 'unsigned');
  await page.click('[data-testid="import-cancel"]');

  // Changed after signing: refused, with what happened said.
  const changed = { ...fixture.signed_exchange, payload: b64u(fixture.exchange.replace('2021-05-03', '2021-05-04')) };
  await chooseText(page, 'changed.json', JSON.stringify(changed));
  await page.locator('[data-testid="import-errors"]').waitFor();
  assert.match(await page.locator('[data-testid="import-errors"]').innerText(), /签名核验不通过.*签名后被改动/s);

  // A hostile header (alg none): refused where it is.
  const header = JSON.parse(Buffer.from(fixture.signed_exchange.protected, 'base64url').toString());
  const none = { ...fixture.signed_exchange, protected: b64u(JSON.stringify({ ...header, alg: 'none' })) };
  await chooseText(page, 'none.json', JSON.stringify(none));
  await page.waitForFunction(() => /“none”/.test(document.querySelector('[data-testid="import-errors"]')?.innerText ?? ''));
  assert.match(await page.locator('[data-testid="import-errors"]').innerText(), /\/protected\/alg/);

  // Nothing of any of it was written.
  assertSameRecords(JSON.parse((await exportJson(page)).text), before, 'after the signed files');
  assert.deepEqual(errors, []);
});

test('this copy signs what it exports: its key is made on the first export, never read, shown on the offices screen; the file verifies with Node\'s own crypto and reads as unknown, then verified, in another copy', async () => {
  const { createHash, verify } = await import('node:crypto');
  const district = await openApp(browser, server.url);
  await loadSample(district.page);
  // No key before the first export.
  await district.page.click('[data-nav="offices"]');
  await district.page.locator('[data-testid="own-key"]').waitFor();
  assert.equal(await district.page.locator('[data-testid="own-key"] [data-kid]').count(), 0);

  const exported = await exportJson(district.page);
  const file = JSON.parse(exported.raw);
  const header = JSON.parse(Buffer.from(file.protected, 'base64url').toString());
  assert.equal(header.alg, 'ES256');
  assert.equal(header.typ, 'taizhang+jws');
  assert.equal(header.cty, 'taizhang-exchange');
  assert.equal(header.office, '430204-committee');
  const { crv, kty, x, y } = header.jwk;
  const thumbprint = createHash('sha256').update(JSON.stringify({ crv, kty, x, y })).digest('base64url');
  assert.equal(header.kid, thumbprint, 'kid is the RFC 7638 thumbprint');
  const input = Buffer.from(`${file.protected}.${file.payload}`);
  const signature = Buffer.from(file.signature, 'base64url');
  assert.ok(verify('sha256', input, { key: header.jwk, format: 'jwk', dsaEncoding: 'ieee-p1363' }, signature), 'Node verifies the signature');
  assert.equal(JSON.parse(exported.text).source_office, '430204-committee');

  // The offices screen shows the fingerprint; the private key cannot be read.
  await district.page.click('[data-nav="offices"]');
  await district.page.locator('[data-testid="own-key"] [data-kid]').waitFor();
  assert.equal(await district.page.locator('[data-testid="own-key"] [data-kid]').getAttribute('data-kid'), header.kid);
  const extractable = await district.page.evaluate(() => new Promise((resolve, reject) => {
    const open = indexedDB.open('taizhang');
    open.onsuccess = () => {
      const get = open.result.transaction('keys').objectStore('keys').get('own');
      get.onsuccess = () => { resolve(get.result.private.extractable); open.result.close(); };
      get.onerror = reject;
    };
    open.onerror = reject;
  }));
  assert.equal(extractable, false, 'the private key is not extractable');
  // The same key the next time.
  await district.page.reload();
  await district.page.waitForSelector('[data-testid="app-ready"]', { state: 'attached' });
  const again = JSON.parse((await exportJson(district.page)).raw);
  assert.equal(JSON.parse(Buffer.from(again.protected, 'base64url').toString()).kid, header.kid);

  // Another copy: unknown, then trusted, then verified.
  const city = await openApp(browser, server.url);
  await chooseText(city.page, exported.name, exported.raw);
  await sender(city.page).waitFor();
  assert.equal(await sender(city.page).getAttribute('data-trust'), 'unknown');
  await city.page.click('[data-testid="accept-key"]');
  await city.page.click('[data-testid="import-confirm"]');
  await city.page.locator('[data-testid="import-summary"]').waitFor();
  await chooseText(city.page, 'again.json', JSON.stringify(again));
  await sender(city.page).waitFor();
  assert.equal(await sender(city.page).getAttribute('data-trust'), 'verified');
  assert.deepEqual([...district.errors, ...city.errors], []);
});

const trustOf = (page) => sender(page).getAttribute('data-trust');
const cell = (page, office, period) => page.locator(`[data-submission][data-office="${office}"][data-period="${period}"]`);

async function confirmImport(page) {
  await page.click('[data-testid="import-confirm"]');
  await page.locator('[data-testid="import-summary"]').waitFor();
}

async function submissions(page) {
  await page.goto(`${server.url}#/submissions?office=430200-committee&from=2021-04-01&to=2021-05-31`);
  await page.waitForSelector('[data-testid="app-ready"]', { state: 'attached' });
  await page.locator('[data-submission]').first().waitFor();
}

const cellState = async (page, office, period) => {
  const td = cell(page, office, period);
  return `${await td.getAttribute('data-status')} ${await td.getAttribute('data-uncounted') ?? ''}`.trim();
};

test('a district and its city, two browser profiles: the city verifies the district\'s signed files, refuses one changed or signed by another key, trusts a key only on the user\'s word and counts only verified months; its signed receipt and roster are verified by the district', async () => {
  const { officeKey } = await import('./jws.mjs');
  const newContext = async (at) => {
    const context = await browser.newContext({ locale: 'zh-CN', acceptDownloads: true, viewport: { width: 1280, height: 900 } });
    await context.clock.setFixedTime(new Date(at));
    return context;
  };
  // The district sends April's ledgers on 3 May and May's on 3 June.
  const districtContext = await newContext('2021-05-03T08:00:00Z');
  const district = await openApp(browser, server.url, { context: districtContext });
  await loadSample(district.page);
  const april = await exportJson(district.page);
  await districtContext.clock.setFixedTime(new Date('2021-06-03T08:00:00Z'));
  const may = await exportJson(district.page);
  const mayFile = JSON.parse(may.raw);
  const districtKid = JSON.parse(Buffer.from(mayFile.protected, 'base64url').toString()).kid;

  const cityContext = await newContext('2021-07-01T08:00:00Z');
  const city = await openApp(browser, server.url, { context: cityContext });
  // April's file: a valid signature from a key the city does not know. Applied without trusting it.
  await chooseText(city.page, april.name, april.raw);
  await sender(city.page).waitFor();
  assert.equal(await trustOf(city.page), 'unknown');
  await confirmImport(city.page);
  await submissions(city.page);
  assert.equal(await cellState(city.page, '430204-committee', '2021-04'), 'missing unknown', 'a key not trusted counts for nothing');

  // May's file with one byte of its payload changed: refused, nothing written.
  const bytes = Buffer.from(mayFile.payload, 'base64url');
  bytes[bytes.indexOf('2021-06-03')] ^= 1;
  await chooseText(city.page, 'changed.json', JSON.stringify({ ...mayFile, payload: bytes.toString('base64url') }));
  await city.page.locator('[data-testid="import-errors"]').waitFor();
  assert.match(await city.page.locator('[data-testid="import-errors"]').innerText(), /签名后被改动/);
  assert.equal(await trustOf(city.page), 'invalid');
  // Its signature from another key (April's file's, made over other bytes): refused.
  await chooseText(city.page, 'resigned.json', JSON.stringify({ ...mayFile, signature: JSON.parse(april.raw).signature }));
  await city.page.waitForFunction(() => /resigned\.json.*签名后被改动/s.test(document.querySelector('[data-testid="import-errors"]')?.innerText ?? ''));
  // Signed by another key in the district's name: valid, but an unknown key, never verified.
  const impostor = officeKey();
  await chooseText(city.page, 'impostor.json', impostor.sign(may.text, '430204-committee', 'taizhang-exchange'));
  await sender(city.page).waitFor();
  assert.equal(await trustOf(city.page), 'unknown');
  await city.page.click('[data-testid="import-cancel"]');

  // May's file as sent: the user compares the fingerprint and trusts the key.
  await chooseText(city.page, may.name, may.raw);
  await sender(city.page).waitFor();
  assert.ok((await sender(city.page).innerText()).includes(districtKid.match(/.{1,4}/g).join(' ')));
  assert.equal(await trustOf(city.page), 'unknown');
  await city.page.click('[data-testid="accept-key"]');
  await city.page.waitForFunction(() => document.querySelector('[data-testid="import-sender"]')?.dataset.trust === 'verified');
  await confirmImport(city.page);
  // Its receipt, signed by the city (which is asked once which office it is).
  await city.page.click('[data-testid="receipt"]');
  await city.page.locator('[data-testid="own-office-dialog"] select').selectOption('430200-committee');
  const [receiptDownload] = await Promise.all([city.page.waitForEvent('download'), city.page.click('[data-testid="own-office-save"]')]);
  const receiptRaw = await (await import('node:fs/promises')).readFile(await receiptDownload.path(), 'utf8');
  const receiptHeader = JSON.parse(Buffer.from(JSON.parse(receiptRaw).protected, 'base64url').toString());
  const { verifySigned } = await import('./jws.mjs');
  assert.equal(verifySigned(receiptRaw, { cty: 'taizhang-receipt', office: '430200-committee' }).inner.format, 'taizhang-receipt', 'Node verifies the receipt');
  assert.deepEqual([receiptHeader.cty, receiptHeader.office], ['taizhang-receipt', '430200-committee']);

  // Another district's month unsigned, a third's signed by a key not trusted: neither counts.
  const offices = JSON.parse(may.text).offices.filter((o) => ['430000-committee', '430200-committee'].includes(o.code));
  const other = (code, exportedAt) => JSON.stringify({
    format: 'taizhang-exchange', version: 1, exported_at: exportedAt, source_office: code,
    offices: [...offices, { code, name: `${code} 政法委`, level: 'county', system: 'committee', parent: '430200-committee', headcount: null }],
    training_sessions: [], honoured_models: [], cases: [],
  });
  await chooseText(city.page, 'unsigned.json', other('430202-committee', '2021-05-02T08:00:00Z'));
  await sender(city.page).waitFor();
  assert.equal(await trustOf(city.page), 'unsigned');
  await confirmImport(city.page);
  await chooseText(city.page, 'untrusted.json', officeKey().sign(other('430203-committee', '2021-06-02T08:00:00Z'), '430203-committee', 'taizhang-exchange'));
  await sender(city.page).waitFor();
  await confirmImport(city.page);
  await submissions(city.page);
  assert.deepEqual(
    [await cellState(city.page, '430204-committee', '2021-04'), await cellState(city.page, '430204-committee', '2021-05'),
      await cellState(city.page, '430202-committee', '2021-04'), await cellState(city.page, '430203-committee', '2021-05')],
    ['on_time', 'on_time', 'missing unsigned', 'missing unknown'],
    'the key trusted now counts April\'s file it signed too; unsigned and untrusted files show, uncounted',
  );
  assert.equal(await city.page.locator('[data-kpi="reports.received"]').getAttribute('data-value'), '2');

  // The district takes the receipt: signed by a key it does not know yet, it is shown and counts for nothing.
  await chooseText(district.page, receiptDownload.suggestedFilename(), receiptRaw);
  await district.page.locator('[data-testid="receipt-taken"]').waitFor();
  assert.equal(await trustOf(district.page), 'unknown');
  assert.equal(await sender(district.page).getAttribute('data-office'), '430200-committee');
  assert.equal(await district.page.locator('[data-testid="receipt-taken"]').getAttribute('data-counted'), 'false');
  assert.equal(await district.page.locator('[data-testid="sent-files"] [data-status="received"]').count(), 0, 'an unknown key\'s receipt marks nothing');
  // A receipt changed after signing is refused.
  const receiptFile = JSON.parse(receiptRaw);
  const forged = Buffer.from(receiptFile.payload, 'base64url').toString().replace(/"new": \d+/, '"new": 1');
  await chooseText(district.page, 'forged.json', JSON.stringify({ ...receiptFile, payload: Buffer.from(forged).toString('base64url') }));
  await district.page.locator('[data-testid="import-errors"]').waitFor();
  assert.match(await district.page.locator('[data-testid="import-errors"]').innerText(), /签名后被改动/);
  // The same receipt signed by another office than the receiver it names: refused.
  const resigned = officeKey().sign(Buffer.from(receiptFile.payload, 'base64url').toString(), '430204-committee', 'taizhang-receipt');
  await chooseText(district.page, 'resigned-receipt.json', resigned);
  await district.page.waitForFunction(() => /resigned-receipt\.json.*\/received_by/s.test(document.querySelector('[data-testid="import-errors"]')?.innerText ?? ''));
  assert.equal(await district.page.locator('[data-testid="sent-files"] [data-status="received"]').count(), 0, 'no receipt was taken');

  // The city's roster: its own key and the district's, signed; the district compares the city's fingerprint.
  await city.page.click('[data-nav="offices"]');
  const cityKid = await city.page.locator('[data-testid="own-key"] [data-kid]').getAttribute('data-kid');
  assert.equal(cityKid, receiptHeader.kid);
  const [rosterDownload] = await Promise.all([city.page.waitForEvent('download'), city.page.click('[data-testid="export-roster"]')]);
  const rosterRaw = await (await import('node:fs/promises')).readFile(await rosterDownload.path(), 'utf8');
  assert.match(rosterDownload.suggestedFilename(), /^名册-430200-committee-20210701\.json$/);
  const roster = JSON.parse(inner(rosterRaw));
  assert.deepEqual(verifySigned(rosterRaw, { cty: 'taizhang-roster', office: '430200-committee' }).inner, roster, 'Node verifies the roster');
  assert.deepEqual(roster.keys.map((k) => [k.office, k.kid]), [['430200-committee', cityKid], ['430204-committee', districtKid]]);
  await chooseText(district.page, rosterDownload.suggestedFilename(), rosterRaw);
  await district.page.locator('[data-testid="roster"]').waitFor();
  assert.equal(await district.page.locator('[data-testid="roster"]').getAttribute('data-taken'), 'false');
  assert.ok((await district.page.locator('[data-testid="roster"]').innerText()).includes(cityKid.match(/.{1,4}/g).join(' ')));
  await district.page.click('[data-testid="accept-roster"]');
  await district.page.waitForFunction(() => document.querySelector('[data-testid="roster"]')?.dataset.taken === 'true');
  // Now the receipt is verified, and marks the file received.
  await chooseText(district.page, receiptDownload.suggestedFilename(), receiptRaw);
  await district.page.waitForFunction(() => document.querySelector('[data-testid="import-sender"]')?.dataset.trust === 'verified');
  await district.page.locator('[data-testid="receipt-taken"][data-counted="true"]').waitFor();
  assert.equal(await district.page.locator('[data-testid="sent-files"] [data-status="received"]').count(), 1, 'only the real receipt was taken');
  assert.deepEqual([...district.errors, ...city.errors], []);
  await districtContext.close();
  await cityContext.close();
});

test('a roster signed by independent code (Node\'s crypto): compared once, then the files its keys signed are verified; the next roster from above brings a district\'s new key, named beside the old one before it is taken; an unsigned roster or one not signed by its issuer is refused', async () => {
  const { officeKey, roster } = await import('./jws.mjs');
  const { page, errors } = await openApp(browser, server.url);
  await loadSample(page); // this copy is 石峰 (430204), under the city
  const city = officeKey();
  const first = officeKey();
  const second = officeKey(); // the same district after a reinstall
  const CITY = '430200-committee';
  const DISTRICT = '430202-committee';
  const file = JSON.stringify({ format: 'taizhang-exchange', version: 1, exported_at: '2021-05-03T08:00:00Z', source_office: DISTRICT, offices: [], training_sessions: [], honoured_models: [], cases: [] });

  // Before any roster, the district's file is an unknown key's.
  await chooseText(page, 'first.json', first.sign(file, DISTRICT, 'taizhang-exchange'));
  await sender(page).waitFor();
  assert.equal(await trustOf(page), 'unknown');
  await page.click('[data-testid="import-cancel"]');

  // Refused: a roster without a signature, or signed by another office than its issuer.
  const text = JSON.stringify({ format: 'taizhang-roster', version: 1, issued_by: CITY, issued_at: '2021-05-01T08:00:00Z', keys: [city.listed(CITY), first.listed(DISTRICT)] });
  await chooseText(page, 'unsigned.json', text);
  await page.locator('[data-testid="import-errors"]').waitFor();
  assert.match(await page.locator('[data-testid="import-errors"]').innerText(), /没有签名/);
  await chooseText(page, 'by-district.json', first.sign(text, DISTRICT, 'taizhang-roster'));
  await page.waitForFunction(() => /\/issued_by/.test(document.querySelector('[data-testid="import-errors"]')?.innerText ?? ''));

  // The city's roster: its key not trusted yet, so the user compares its fingerprint first.
  await chooseText(page, 'roster.json', roster(city, CITY, [city.listed(CITY), first.listed(DISTRICT)]));
  await page.locator('[data-testid="roster"]').waitFor();
  assert.equal(await page.locator('[data-testid="roster"]').getAttribute('data-taken'), 'false');
  assert.ok((await page.locator('[data-testid="roster"]').innerText()).includes(city.kid.match(/.{1,4}/g).join(' ')));
  await page.click('[data-testid="accept-roster"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="roster"]')?.dataset.taken === 'true');
  await chooseText(page, 'first.json', first.sign(file, DISTRICT, 'taizhang-exchange'));
  await page.waitForFunction(() => document.querySelector('[data-testid="import-sender"]')?.dataset.trust === 'verified');
  await page.click('[data-testid="import-cancel"]');

  // The next roster from the city, now trusted and above, brings the district's new key: the
  // district already has a key, so the page names both fingerprints before it is trusted.
  await chooseText(page, 'second.json', second.sign(file, DISTRICT, 'taizhang-exchange'));
  await sender(page).waitFor();
  assert.equal(await trustOf(page), 'unknown');
  await page.click('[data-testid="import-cancel"]');
  await chooseText(page, 'later.json', roster(city, CITY, [city.listed(CITY), first.listed(DISTRICT), second.listed(DISTRICT)], '2021-06-01T08:00:00Z'));
  const conflict = page.locator('[data-testid="key-conflict"]');
  await conflict.waitFor();
  assert.equal(await page.locator('[data-testid="roster"]').getAttribute('data-taken'), 'false');
  assert.deepEqual([await conflict.getAttribute('data-kid-held'), await conflict.getAttribute('data-kid-new')], [first.kid, second.kid]);
  for (const kid of [first.kid, second.kid]) assert.ok((await conflict.innerText()).includes(kid.match(/.{1,4}/g).join(' ')));
  await page.click('[data-testid="accept-roster"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="roster"]')?.dataset.taken === 'true');
  await page.reload();
  await page.waitForSelector('[data-testid="app-ready"]', { state: 'attached' });
  for (const key of [second, first]) { // the old key stays trusted for what it signed
    await chooseText(page, 'file.json', key.sign(file, DISTRICT, 'taizhang-exchange'));
    await page.waitForFunction(() => document.querySelector('[data-testid="import-sender"]')?.dataset.trust === 'verified');
    await page.click('[data-testid="import-cancel"]');
  }
  assert.deepEqual(errors, []);
});

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
import { serveDist, launch, openApp, loadSample, exportJson, chooseText } from './harness.mjs';
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

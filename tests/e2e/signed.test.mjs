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

// The app lock against the person at the PC with the browser's developer
// tools: this test's own IndexedDB code changes what the page stored while
// locked — one byte of a sealed value flipped, two sealed values swapped, a
// plain value planted, an older sealed copy put back, a sealed value
// deleted — and the page, unlocked with the right passphrase,
// shows `store-tampered` and none of the data. An independent oracle for the
// encryption: Node derives the data key from the passphrase and the stored
// salt (PBKDF2-SHA-256), unwraps it (AES-GCM with the additional data the
// guide states), and opens a sealed block with AES-GCM and the additional
// data trust-format.md names (the store and the key), finding the sample's
// own texts. A lock record whose marks were lowered by hand with the
// manifest deleted is refused at unlock.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, webcrypto } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { serveDist, launch, openApp, loadSample, exportJson, turnLockOn, unlock, PASSPHRASE, saveCaseNotes, rawDatabase, cityAndDistrict, CITY } from './harness.mjs';
import { verifySigned } from './jws.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

/** A copy with the sample, locked: the page, its context, and the sample's file. */
async function lockedCopy() {
  const opened = await openApp(browser, server.url);
  await loadSample(opened.page);
  const exported = await exportJson(opened.page);
  const file = JSON.parse(exported.text);
  await turnLockOn(opened.page);
  await opened.page.click('[data-testid="lock-now"]');
  await opened.page.locator('[data-testid="unlock-passphrase"]').waitFor();
  return { ...opened, file, exported };
}

/**
 * Changes what the page stored, with this test's own IndexedDB code (one
 * function, as the page's CSP allows no code made from text): `mode` names
 * the change; `read` returns the lock record and a sealed block.
 */
async function inDatabase(page, mode) {
  return page.evaluate(async (mode) => {
    const db = await new Promise((resolve, reject) => {
      const request = indexedDB.open('taizhang');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const done = (request) => new Promise((resolve, reject) => { request.onsuccess = () => resolve(request.result); request.onerror = () => reject(request.error); });
    const store = (name, write) => db.transaction(name, write ? 'readwrite' : 'readonly').objectStore(name);
    let out = false;
    if (mode === 'flip') {
      const key = ['cases', 0];
      const value = await done(store('chunks').get(key));
      const sealed = new Uint8Array(value.sealed);
      sealed[sealed.length - 20] ^= 1;
      await done(store('chunks', true).put({ ...value, sealed }, key));
      out = true;
    } else if (mode === 'swap') {
      const [a, b] = [['training_sessions', 0], ['cases', 0]];
      const [va, vb] = [await done(store('chunks').get(a)), await done(store('chunks').get(b))];
      const chunks = store('chunks', true);
      await done(chunks.put(vb, a));
      await done(chunks.put(va, b));
      out = Boolean(va.sealed && vb.sealed);
    } else if (mode === 'move') {
      const settings = await done(store('meta').get('settings'));
      await done(store('imports', true).put(settings, 'planted-entry'));
      out = Boolean(settings.sealed);
    } else if (mode === 'plant-key') {
      const planted = JSON.stringify({ office: '430204-committee', jwk: { kty: 'EC', crv: 'P-256', x: 'AAAA', y: 'AAAA' }, kid: 'planted' });
      await done(store('keys', true).put(planted, 'planted-key'));
      out = true;
    } else if (mode === 'plant-settings') {
      await done(store('meta', true).put(JSON.stringify({ own_office: '430204-court' }), 'settings'));
      out = true;
    } else if (mode === 'read') {
      const lock = await done(store('meta').get('applock'));
      const block = await done(store('chunks').get(['training_sessions', 0]));
      out = { lock, block: { sealed: Array.from(new Uint8Array(block.sealed)), as: block.as, bound: block.bound, packed: block.packed } };
    }
    db.close();
    return out;
  }, mode);
}

/** Unlocks with the right passphrase and says what the page then shows: 'tampered', 'ready' or something else. */
async function unlockAndSee(page) {
  await page.fill('[data-testid="unlock-passphrase"]', PASSPHRASE);
  await page.click('[data-testid="unlock"]');
  const seen = await Promise.race([
    page.locator('[data-testid="store-tampered"]').waitFor().then(() => 'tampered'),
    page.locator('[data-testid="app-ready"]').waitFor({ state: 'attached' }).then(() => 'ready'),
    page.locator('[data-testid="unlock-error"]').waitFor().then(async () => `unlock error: ${await page.locator('[data-testid="unlock-error"]').innerText()}`),
  ]);
  return seen;
}

/**
 * Packed bytes as docs/app-lock.md describes them: a zero byte, the unpacked
 * length and the LZ4 block's length (4 bytes each, little-endian), the block,
 * zero bytes up to the Padmé length of the whole. Unpacked as lz4's
 * Block_format.md describes the block, by these lines alone.
 */
function lz4Block(packed) {
  assert.equal(packed[0], 0, 'packed bytes begin with a zero byte');
  const [said, length] = [packed.readUInt32LE(1), packed.readUInt32LE(5)];
  const src = packed.subarray(9, 9 + length);
  assert.ok(packed.subarray(9 + length).every((b) => b === 0), 'zero padding');
  // Padmé: only the highest ⌊log2 ⌊log2 L⌋⌋ + 1 bits of the length may be set.
  const e = Math.floor(Math.log2(packed.length));
  assert.equal(packed.length % 2 ** (e - (Math.floor(Math.log2(e)) + 1)), 0, `${packed.length} is a Padmé length`);
  const out = Buffer.alloc(said);
  let [at, end] = [0, 0];
  const more = (n) => { if (n < 15) return n; let b; do { b = src[at++]; n += b; } while (b === 255); return n; };
  while (at < src.length) {
    const token = src[at++];
    const literals = more(token >> 4);
    src.copy(out, end, at, at + literals);
    [at, end] = [at + literals, end + literals];
    if (at >= src.length) break;
    const offset = src[at] | (src[at + 1] << 8);
    at += 2;
    for (let n = more(token & 15) + 4; n > 0; n -= 1, end += 1) out[end] = out[end - offset];
  }
  assert.equal(end, said, 'the length it states');
  return out;
}

/** Whether any of the sample's own words is on the page. */
async function showsData(page, file) {
  const text = await page.locator('body').innerText();
  const words = [...file.offices.map((o) => o.name), ...file.training_sessions.slice(0, 20).map((s) => s.title)];
  return words.filter((w) => text.includes(w));
}

for (const [name, mode] of [
  ['one byte of a sealed block flipped', 'flip'],
  ['two sealed blocks swapped (each moved to the other\'s key)', 'swap'],
  ['the sealed settings moved onto an import-log entry\'s key', 'move'],
  ['a plain trusted key planted in the keys store', 'plant-key'],
  ['plain settings planted over the sealed ones', 'plant-settings'],
]) {
  test(`while locked, ${name}: unlocked, the page shows store-tampered and none of the data`, async () => {
    const { page, context, file, exported } = await lockedCopy();
    assert.equal(await inDatabase(page, mode), true, 'the change was made to sealed values');
    await page.reload();
    assert.equal(await unlockAndSee(page), 'tampered');
    assert.match(await page.locator('[data-testid="store-tampered"]').innerText(), /本应用之外被改动过/);
    assert.deepEqual(await showsData(page, file), [], 'no word of the data is shown');
    assert.equal(await page.locator('[data-testid="app-ready"]').count(), 0);
    if (mode === 'flip') {
      // The way back the page offers: this copy's data deleted, the last exported file imported.
      await page.click('[data-testid="tampered-start-over"]');
      await page.click('[data-testid="confirm-yes"]');
      await page.waitForSelector('[data-testid="app-ready"]', { state: 'attached' });
      await page.click('[data-nav="exchange"]');
      await page.setInputFiles('[data-testid="import-file"]', { name: exported.name, mimeType: 'application/json', buffer: Buffer.from(exported.raw) });
      await page.locator('[data-testid="import-preview"]').waitFor();
      await page.click('[data-testid="import-confirm"]');
      await page.locator('[data-testid="import-summary"]').waitFor();
      const back = JSON.parse((await exportJson(page)).text);
      assert.equal(back.cases.length, file.cases.length, 'the ledgers are back from the exported file');
    }
    await context.close();
  });
}

/** A stored value read with this test's own code, in a form that crosses to Node and back (`undefined`: none). */
async function rawValue(page, store, key) {
  return page.evaluate(async ({ store, key }) => {
    const db = await new Promise((resolve, reject) => {
      const request = indexedDB.open('taizhang');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const value = await new Promise((resolve) => { const r = db.transaction(store).objectStore(store).get(key); r.onsuccess = () => resolve(r.result); });
    db.close();
    if (value === undefined) return undefined;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, v instanceof Uint8Array ? { bytes: Array.from(v) } : v]));
  }, { store, key });
}

/** Puts back (or, with `undefined`, deletes) a value `rawValue` read, with this test's own code. */
async function putBack(page, store, key, value) {
  await page.evaluate(async ({ store, key, value }) => {
    const db = await new Promise((resolve, reject) => {
      const request = indexedDB.open('taizhang');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const t = db.transaction(store, 'readwrite');
    if (value === undefined) t.objectStore(store).delete(key);
    else t.objectStore(store).put(Object.fromEntries(Object.entries(value).map(([k, v]) => [k, v?.bytes ? new Uint8Array(v.bytes) : v])), key);
    await new Promise((resolve, reject) => { t.oncomplete = resolve; t.onerror = reject; });
    db.close();
  }, { store, key, value });
}

/** Unlocks, lets `change` write through the app, and locks again. */
async function changeWhileUnlocked(page, change) {
  assert.equal(await unlockAndSee(page), 'ready');
  await change();
  await page.click('[data-testid="lock-now"]');
  await page.locator('[data-testid="unlock-passphrase"]').waitFor();
}

for (const [name, store, key, change] of [
  ['a ledger block as it was before an edit', 'chunks', ['cases', 0], async (page, file) => {
    const target = file.cases[0];
    await saveCaseNotes(page, target.id, '锁定后改过的说明', target.reference);
  }],
  ['the settings as they were before an export', 'meta', 'settings', async (page) => { await exportJson(page); }],
]) {
  test(`while locked, an older sealed copy of ${name} put back: unlocked, the page shows store-tampered and none of the data`, async () => {
    const { page, context, file } = await lockedCopy();
    const older = await rawValue(page, store, key);
    assert.ok(older?.sealed, 'the older value is sealed');
    await page.reload();
    await changeWhileUnlocked(page, () => change(page, file));
    const newer = await rawValue(page, store, key);
    assert.notDeepEqual(newer.sealed, older.sealed, 'the app wrote it anew');
    await putBack(page, store, key, older);
    await page.reload();
    assert.equal(await unlockAndSee(page), 'tampered', 'the older copy opens (same place) but is not the one the manifest names');
    assert.deepEqual(await showsData(page, file), [], 'no word of the data is shown');
    await context.close();
  });
}

test('while locked, a sealed block deleted: unlocked, the page shows store-tampered; the manifest, deleted, likewise', async () => {
  for (const [store, key] of [['chunks', ['honoured_models', 0]], ['meta', 'manifest']]) {
    const { page, context, file } = await lockedCopy();
    assert.ok((await rawValue(page, store, key))?.sealed, `${store} ${JSON.stringify(key)} is there, sealed`);
    await putBack(page, store, key, undefined);
    await page.reload();
    assert.equal(await unlockAndSee(page), 'tampered', `${store} ${JSON.stringify(key)} deleted`);
    assert.deepEqual(await showsData(page, file), []);
    await context.close();
  }
});

test('untouched, the locked copy unlocks to its data; Node opens a sealed block with the stated additional data and finds the sample\'s texts', async () => {
  const { page, context, file } = await lockedCopy();
  const stored = await inDatabase(page, 'read');
  const lock = JSON.parse(stored.lock);
  assert.equal(lock.bound, true);
  const b64 = (text) => Buffer.from(text, 'base64url');
  const subtle = webcrypto.subtle;
  const material = await subtle.importKey('raw', Buffer.from(PASSPHRASE, 'utf8'), 'PBKDF2', false, ['deriveKey']);
  const kek = await subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt: b64(lock.salt), iterations: lock.iterations },
    material, { name: 'AES-GCM', length: 256 }, false, ['decrypt']);
  // The wrapping is bound to the marks by the additional data docs/app-lock.md states.
  const wrapping = Buffer.from('taizhang app lock: bound, manifest, names', 'utf8');
  const raw = await subtle.decrypt({ name: 'AES-GCM', iv: b64(lock.by_passphrase.iv), additionalData: wrapping }, kek, b64(lock.by_passphrase.key));
  assert.equal(raw.byteLength, 32, 'the data key unwrapped');
  await assert.rejects(subtle.decrypt({ name: 'AES-GCM', iv: b64(lock.by_passphrase.iv) }, kek, b64(lock.by_passphrase.key)), 'not without it');
  const dataKey = await subtle.importKey('raw', raw, 'AES-GCM', false, ['decrypt']);
  const sealed = Buffer.from(stored.block.sealed);
  const [iv, body] = [sealed.subarray(0, 12), sealed.subarray(12)];
  const place = (store, key) => Buffer.from(`${store}\n${JSON.stringify(key)}`, 'utf8');
  const opened = Buffer.from(await subtle.decrypt({ name: 'AES-GCM', iv, additionalData: place('chunks', ['training_sessions', 0]) }, dataKey, body));
  // A block is packed before it is sealed (docs/app-lock.md: LZ4's block format, padded).
  assert.equal(stored.block.packed, true);
  const plain = lz4Block(opened);
  const titles = file.training_sessions.slice(0, 5).map((s) => s.title);
  for (const title of titles) assert.ok(plain.includes(Buffer.from(title, 'utf8')), `${title} in the opened block`);
  // Bound to its place: the same bytes do not open as another key's.
  await assert.rejects(subtle.decrypt({ name: 'AES-GCM', iv, additionalData: place('chunks', ['cases', 0]) }, dataKey, body));
  await assert.rejects(subtle.decrypt({ name: 'AES-GCM', iv }, dataKey, body));

  await page.reload();
  assert.equal(await unlockAndSee(page), 'ready');
  const shown = await showsData(page, file);
  assert.ok(shown.length > 0 || (await exportJson(page)).text.includes(titles[0]), 'the data is back');
  await context.close();
});

/** Every CryptoKey the page's database holds, tried for signing: how many there are and how many sign. */
async function keysThatSign(page) {
  return page.evaluate(async () => {
    const db = await new Promise((resolve, reject) => {
      const request = indexedDB.open('taizhang');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const keys = [];
    const walk = (value, depth = 0) => {
      if (value instanceof CryptoKey) keys.push(value);
      else if (value && typeof value === 'object' && depth < 4 && !(value instanceof ArrayBuffer) && !ArrayBuffer.isView(value)) {
        for (const inner of Object.values(value)) walk(inner, depth + 1);
      }
    };
    for (const name of db.objectStoreNames) {
      const all = await new Promise((resolve) => { const r = db.transaction(name).objectStore(name).getAll(); r.onsuccess = () => resolve(r.result); });
      all.forEach((v) => walk(v));
    }
    db.close();
    let signing = 0;
    for (const key of keys) {
      try {
        await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key, new Uint8Array([1, 2, 3]));
        signing += 1;
      } catch { /* not a signing key */ }
    }
    return { keys: keys.length, signing };
  });
}

test('turning the lock on makes a new office key, kept only wrapped: it shows the new fingerprint; while locked no key in the database signs; unlocked, files are signed by the new key', async () => {
  const { page, context, errors } = await openApp(browser, server.url);
  await loadSample(page);
  const before = await exportJson(page);
  const oldKid = JSON.parse(Buffer.from(JSON.parse(before.raw).protected, 'base64url')).kid;
  assert.ok(oldKid, 'the copy signs before the lock');
  assert.deepEqual(await keysThatSign(page), { keys: 2, signing: 1 }, 'the plain key pair before the lock (the tried code finds keys)');

  await page.click('[data-nav="offices"]');
  await page.click('[data-testid="lock-set"]');
  const form = page.locator('form[data-form="lock"]');
  await form.locator('input[type=password]').nth(0).fill(PASSPHRASE);
  await form.locator('input[type=password]').nth(1).fill(PASSPHRASE);
  await form.locator('[type=submit]').click();
  const notice = page.locator('[data-testid="lock-new-key"]');
  await notice.waitFor();
  const newKid = await notice.getAttribute('data-kid');
  assert.ok(newKid && newKid !== oldKid, `a new key: ${newKid} after ${oldKid}`);
  assert.match(await notice.innerText(), /新密钥的指纹报给上级/);
  await page.click('[data-testid="recovery-done"]');

  await page.click('[data-testid="lock-now"]');
  await page.locator('[data-testid="unlock-passphrase"]').waitFor();
  assert.deepEqual(await keysThatSign(page), { keys: 0, signing: 0 }, 'while locked, no key object is stored at all');

  await page.fill('[data-testid="unlock-passphrase"]', PASSPHRASE);
  await page.click('[data-testid="unlock"]');
  await page.waitForSelector('[data-testid="app-ready"]', { state: 'attached' });
  const after = await exportJson(page);
  const header = JSON.parse(Buffer.from(JSON.parse(after.raw).protected, 'base64url'));
  assert.equal(header.kid, newKid, 'signed by the new key');
  verifySigned(after.raw);
  // The old key is kept as former, to recognise what it signed.
  await page.click('[data-nav="offices"]');
  await page.locator(`[data-testid="former-key"][data-kid="${oldKid}"]`).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test('a new recovery key without turning the lock off: the passphrase asked, the new key opens the lock, the old one no longer does', async () => {
  const { page, context, errors } = await openApp(browser, server.url);
  await loadSample(page);
  const old = await turnLockOn(page);
  await page.click('[data-nav="offices"]');
  await page.fill('form[data-form="lock-recovery"] input[type=password]', '不是这个口令不是');
  await page.click('[data-testid="recovery-renew"]');
  await page.locator('form[data-form="lock-recovery"] [data-testid="lock-error"]').waitFor();
  await page.fill('form[data-form="lock-recovery"] input[type=password]', PASSPHRASE);
  await page.click('[data-testid="recovery-renew"]');
  const fresh = await page.locator('[data-testid="recovery-key"]').innerText();
  assert.match(fresh, /^([A-Z2-7]{4}-){12}[A-Z2-7]{4}$/);
  assert.notEqual(fresh, old);
  await page.click('[data-testid="recovery-done"]');
  assert.equal(await page.locator('[data-testid="app-lock"]').getAttribute('data-on'), 'true', 'the lock stays on');

  await page.click('[data-testid="lock-now"]');
  await page.fill('[data-testid="unlock-recovery"]', old);
  await page.click('[data-testid="unlock"]');
  await page.locator('[data-testid="unlock-error"]').waitFor();
  await page.fill('[data-testid="unlock-recovery"]', fresh);
  await page.click('[data-testid="unlock"]');
  await page.waitForSelector('[data-testid="app-ready"]', { state: 'attached' });
  assert.deepEqual(errors, []);
  await context.close();
});

test('while the lock is on, workbook mappings stay in the page: none written to local storage, and those kept before are forgotten as the lock goes on', async () => {
  const { page, context, errors } = await openApp(browser, server.url);
  await loadSample(page);
  // As an earlier workbook would have left them (column headers are office data).
  await page.evaluate(() => {
    localStorage.setItem('taizhang.sheet-mappings', JSON.stringify({ '单位\u001f参训人数': { kind: 'training_sessions', columns: [], office: null } }));
    localStorage.setItem('taizhang.value-mappings', '[]');
  });
  await turnLockOn(page);
  const stored = () => page.evaluate(() => Object.keys(localStorage).filter((k) => k.includes('mappings')));
  assert.deepEqual(await stored(), [], 'forgotten as the lock went on');
  await page.click('[data-nav="exchange"]');
  const fixture = readFileSync(new URL('./fixtures/台账-石峰区-加密.xlsx', import.meta.url));
  await page.setInputFiles('[data-testid="import-file"]', { name: '台账-石峰区-加密.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: fixture });
  await page.fill('[data-testid="import-password"]', 'Shifeng-2021-taizhang');
  await page.click('[data-testid="import-password-ok"]');
  await page.locator('[data-testid="sheet-mapping"]').waitFor();
  await page.click('[data-testid="sheet-continue"]');
  await page.locator('[data-testid="import-preview"], [data-testid="import-errors"]').first().waitFor();
  assert.deepEqual(await stored(), [], 'the mapping used is not written to local storage');
  assert.deepEqual(errors, []);
  await context.close();
});

test('while locked, no key of the database says an office code, a key\'s fingerprint or a file\'s SHA-256; unlocked, the trusted key and the file sent are there; turned off, each lies under its name again', async () => {
  // The district trusts the city's key (by its roster) and has sent its file.
  const { district, city, sent, file } = await cityAndDistrict(browser, server.url);
  await city.page.close();
  const { page, errors } = district;
  const sha = createHash('sha256').update(Buffer.from(sent.raw)).digest('hex');
  const keyNames = (raw) => Object.entries(raw).flatMap(([store, entries]) => entries.map((e) => `${store} ${e.key}`)).join('\n');
  const plain = await rawDatabase(page);
  const kid = plain.keys.map((e) => JSON.parse(e.key)).find((k) => k.startsWith(`${CITY} `))?.split(' ')[1];
  assert.ok(kid, 'unlocked, the city\'s key lies under its office and fingerprint (the check can see names)');
  assert.ok(keyNames(plain).includes(sha), 'unlocked, the file sent lies under its SHA-256');
  const codes = file.offices.map((o) => o.code);

  await turnLockOn(page);
  const said = (raw) => [...codes, kid, sha].filter((name) => keyNames(raw).includes(name));
  assert.deepEqual(said(await rawDatabase(page)), [], 'locked: none of them in any key');
  // Written while locked (another file sent) and read back after a reload.
  await exportJson(page);
  await page.reload();
  await unlock(page);
  assert.deepEqual(said(await rawDatabase(page)), [], 'nor after a write while locked');
  await page.click('[data-nav="offices"]');
  await page.locator(`[data-testid="trusted-keys"] tr[data-office="${CITY}"][data-kid="${kid}"]`).waitFor();

  // Off: every entry under its name again.
  const off = page.locator('form[data-form="lock-off"]');
  await off.locator('[name="current"]').fill(PASSPHRASE);
  await off.locator('[type=submit]').click();
  await page.locator('[data-testid="lock-set"]').waitFor();
  const after = await rawDatabase(page);
  assert.ok(after.keys.some((e) => e.key === JSON.stringify(`${CITY} ${kid}`)), 'the city\'s key under its name');
  assert.ok(after.sent.some((e) => e.key === JSON.stringify(sha)), 'the file sent under its SHA-256');
  assert.equal(after.sent.length, 2, 'both files sent');
  assert.deepEqual(errors, []);
});

test('while locked, an older block put back, the manifest deleted and the lock record\'s manifest mark lowered (as if from an earlier version): unlocked, the page shows store-tampered and none of the data', async () => {
  const { page, context, file } = await lockedCopy();
  const older = await rawValue(page, 'chunks', ['cases', 0]);
  await page.reload();
  await changeWhileUnlocked(page, () => saveCaseNotes(page, file.cases[0].id, '锁定后改过的说明', file.cases[0].reference));
  await putBack(page, 'chunks', ['cases', 0], older);
  await putBack(page, 'meta', 'manifest', undefined);
  const lowered = await page.evaluate(async () => {
    const db = await new Promise((resolve, reject) => {
      const request = indexedDB.open('taizhang');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const done = (request) => new Promise((resolve, reject) => { request.onsuccess = () => resolve(request.result); request.onerror = () => reject(request.error); });
    const record = JSON.parse(await done(db.transaction('meta').objectStore('meta').get('applock')));
    // As a lock from before the manifest: the next unlock would start one from the values as they lie.
    record.manifest = false;
    await done(db.transaction('meta', 'readwrite').objectStore('meta').put(JSON.stringify(record), 'applock'));
    db.close();
    return record;
  });
  assert.equal(lowered.manifest, false);
  await page.reload();
  assert.equal(await unlockAndSee(page), 'tampered', 'the marks are bound to the data key\'s wrapping');
  assert.deepEqual(await showsData(page, file), [], 'no word of the data is shown');
  await context.close();
});

// Protected exchange files (docs/protected-files.md): the page's ZIP with
// AES-256 opens in 7-Zip with the password; ZIPs made by 7-Zip (AES-256) and
// by Python's zipfile (plain) import through the same file input, the
// password asked, a wrong one said plainly and nothing written.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveDist, launch, openApp, loadSample, exportJson, inner, rawDatabase, assertDatabaseUnchanged } from './harness.mjs';
import { assertSameRecords } from './oracle.mjs';

const PASSWORD = 'Shifeng-2021-taizhang';
const sevenZip = ['7z', '7zz'].find((tool) => { try { execFileSync(tool, ['i'], { stdio: 'ignore' }); return true; } catch { return false; } });
let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

async function choose(page, name, buffer) {
  await page.click('[data-nav="exchange"]');
  await page.setInputFiles('[data-testid="import-file"]', { name, mimeType: 'application/zip', buffer });
}

async function giveThePassword(page, password) {
  await page.fill('[data-testid="import-password"]', password);
  await page.click('[data-testid="import-password-ok"]');
}

test('an exchange file exported with a password is a ZIP 7-Zip opens with it to the same records; it imports into another copy once the right password is given', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'taizhang-protected-'));
  const district = await openApp(browser, server.url);
  await loadSample(district.page);
  const plain = JSON.parse((await exportJson(district.page)).text);

  // Too short: said at the field, nothing exported.
  await district.page.fill('[data-testid="export-password"]', 'short');
  await district.page.locator('[data-testid="export-password-short"]').waitFor();
  let downloads = 0;
  district.page.on('download', () => { downloads += 1; });
  await district.page.click('[data-testid="export-json"]');

  // Judged by what follows, not by a pause: after the good export, that one
  // download only, and one more file kept as sent (the plain export's and this).
  await district.page.fill('[data-testid="export-password"]', PASSWORD);
  const [download] = await Promise.all([district.page.waitForEvent('download'), district.page.click('[data-testid="export-json"]')]);
  await district.page.locator('[data-testid="sent-files"] [data-sha256]').nth(1).waitFor();
  assert.equal(await district.page.locator('[data-testid="sent-files"] [data-sha256]').count(), 2, 'a short password exports nothing: no file kept as sent for it');
  assert.equal(downloads, 1, 'a short password exports nothing: the one download is the protected file');
  assert.match(download.suggestedFilename(), /^台账-430204-committee-\d{8}\.json\.zip$/);
  const zipPath = join(dir, 'protected.zip');
  writeFileSync(zipPath, readFileSync(await download.path()));
  const zip = readFileSync(zipPath);
  assert.ok(!zip.includes(Buffer.from(PASSWORD)), 'the password is not in the file');
  assert.ok(!zip.includes(Buffer.from('石峰区')), 'nothing readable without the password');
  assert.match(execFileSync(sevenZip, ['l', '-slt', `-p${PASSWORD}`, zipPath]).toString(), /AES-256/);
  assert.throws(() => execFileSync(sevenZip, ['x', '-y', '-pnot-the-password', `-o${join(dir, 'wrong')}`, zipPath], { stdio: 'ignore' }));
  execFileSync(sevenZip, ['x', '-y', `-p${PASSWORD}`, `-o${join(dir, 'out')}`, zipPath], { stdio: 'ignore' });
  const [extracted] = readdirSync(join(dir, 'out'));
  assert.match(extracted, /\.json$/);
  const raw = readFileSync(join(dir, 'out', extracted), 'utf8');
  assert.ok(JSON.parse(raw).signature, 'the signed file is inside');
  assertSameRecords(JSON.parse(inner(raw)), plain, '7-Zip\'s extraction');

  // Another copy: the password asked; a wrong one said plainly; the right one previews it.
  const city = await openApp(browser, server.url);
  await choose(city.page, download.suggestedFilename(), zip);
  await city.page.locator('[data-testid="password-asked"]').waitFor();
  await giveThePassword(city.page, 'not-the-password');
  await city.page.locator('[data-testid="password-asked"][data-wrong="true"]').waitFor();
  assert.match(await city.page.locator('[data-testid="password-asked"]').innerText(), /密码不正确/);
  assert.equal(await city.page.locator('[data-testid="import-history"] [data-log]').count(), 0);
  await giveThePassword(city.page, PASSWORD);
  await city.page.locator('[data-testid="import-preview"]').waitFor();
  assert.equal(await city.page.locator('[data-testid="import-sender"]').getAttribute('data-office'), '430204-committee');
  await city.page.click('[data-testid="import-confirm"]');
  await city.page.locator('[data-testid="import-summary"]').waitFor();
  assertSameRecords(JSON.parse((await exportJson(city.page, { office: '430200-committee' })).text), plain, 'imported from the protected file');
  assert.deepEqual([...district.errors, ...city.errors], []);
});

test('a ZIP 7-Zip encrypted with AES-256 imports with its password, a plain ZIP without one; two files, a path outside or a bomb are refused with nothing written', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'taizhang-zips-'));
  const { page, errors } = await openApp(browser, server.url);
  await loadSample(page);
  const exported = await exportJson(page);
  const before = JSON.parse(exported.text);
  writeFileSync(join(dir, 'file.json'), exported.raw);
  execFileSync(sevenZip, ['a', '-tzip', '-mem=AES256', `-p${PASSWORD}`, join(dir, 'by-7zip.zip'), join(dir, 'file.json')], { stdio: 'ignore' });
  await choose(page, 'by-7zip.zip', readFileSync(join(dir, 'by-7zip.zip')));
  await page.locator('[data-testid="password-asked"]').waitFor();
  await giveThePassword(page, PASSWORD);
  await page.locator('[data-testid="import-preview"]').waitFor();
  assert.equal(await page.locator('[data-testid="import-sender"]').getAttribute('data-trust'), 'verified', 'its own signed file, inside');
  await page.click('[data-testid="import-cancel"]');

  const python = (script) => execFileSync('/usr/bin/python3', ['-c', `import zipfile\n${script}`]);
  python(`with zipfile.ZipFile(${JSON.stringify(join(dir, 'plain.zip'))}, 'w', zipfile.ZIP_DEFLATED) as z: z.write(${JSON.stringify(join(dir, 'file.json'))}, 'file.json')`);
  await choose(page, 'plain.zip', readFileSync(join(dir, 'plain.zip')));
  await page.locator('[data-testid="import-preview"]').waitFor();
  await page.click('[data-testid="import-cancel"]');

  // Each refused archive carries a file that would change a record, so that
  // taking it would show: no preview is offered, the database stays as it is.
  const changed = structuredClone(before);
  changed.cases[0] = { ...changed.cases[0], notes: '被拒的压缩包中的改动', revision: changed.cases[0].revision + 1 };
  writeFileSync(join(dir, 'changed.json'), JSON.stringify(changed));
  const payload = JSON.stringify(join(dir, 'changed.json'));
  const beforeDb = await rawDatabase(page);
  const refused = async (name, pattern) => {
    await choose(page, name, readFileSync(join(dir, name)));
    await page.waitForFunction(([n, p]) => new RegExp(p, 's').test(document.querySelector('[data-testid="import-errors"]')?.innerText ?? '') && document.querySelector('[data-testid="import-errors"]').innerText.includes(n), [name, pattern]);
    assert.equal(await page.locator('[data-testid="import-confirm"]').count(), 0, `${name}: nothing offered to write`);
  };
  python(`with zipfile.ZipFile(${JSON.stringify(join(dir, 'two.zip'))}, 'w') as z:\n    z.write(${payload}, 'a.json')\n    z.write(${payload}, 'b.json')`);
  await refused('two.zip', '只有一个交换文件.*2 个');
  // Outside the archive: climbing, absolute, a drive letter, backslashes (Windows tools' separator).
  for (const [i, inside] of ['../../台账.json', '/etc/台账.json', 'C:/台账.json', 'C:\\台账.json', '..\\..\\台账.json', '下级\\台账.json'].entries()) {
    // writestr with a ZipInfo keeps the name as given (write() would strip a leading / or drive).
    python(`with zipfile.ZipFile(${JSON.stringify(join(dir, `outside-${i}.zip`))}, 'w') as z: z.writestr(zipfile.ZipInfo(${JSON.stringify(inside)}), open(${payload}, 'rb').read())`);
    assert.ok(readFileSync(join(dir, `outside-${i}.zip`)).includes(Buffer.from(inside)), `the archive names ${inside}`);
    await refused(`outside-${i}.zip`, '压缩包以外');
  }
  python(`with zipfile.ZipFile(${JSON.stringify(join(dir, 'bomb.zip'))}, 'w', zipfile.ZIP_DEFLATED) as z: z.writestr('x.json', bytes(600 * 1024 * 1024))`);
  await refused('bomb.zip', '压缩炸弹');
  await assertDatabaseUnchanged(page, beforeDb, 'after the refused archives');
  // The same payload in a plain archive would have been taken: the refusals above were the names.
  python(`with zipfile.ZipFile(${JSON.stringify(join(dir, 'fine.zip'))}, 'w') as z: z.write(${payload}, '台账.json')`);
  await choose(page, 'fine.zip', readFileSync(join(dir, 'fine.zip')));
  await page.locator('[data-testid="import-confirm"]').waitFor();
  await page.click('[data-testid="import-cancel"]');
  assert.deepEqual(errors, []);
});

test('an export without personal details holds no name, deed or note of the ledgers, says so, and imported over a full copy changes no detail; the workbook too', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'taizhang-redacted-'));
  const district = await openApp(browser, server.url);
  await loadSample(district.page);
  const full = await exportJson(district.page);
  const plain = JSON.parse(full.text);
  // The sample's personal texts, as the plain file has them.
  const personal = [
    ...plain.honoured_models.flatMap((m) => [m.name, m.deeds, m.notes]),
    ...plain.cases.map((c) => c.notes),
  ].filter((t) => [...t].length >= 2);
  assert.ok(personal.length >= 5, `the sample has names, deeds and notes: ${personal}`);

  // The city holds the full ledgers; then the district changes one model (a newer revision, by a file).
  const city = await openApp(browser, server.url);
  await choose(city.page, full.name, Buffer.from(full.raw));
  await city.page.locator('[data-testid="import-preview"]').waitFor();
  await city.page.click('[data-testid="import-confirm"]');
  await city.page.locator('[data-testid="import-summary"]').waitFor();
  const newer = structuredClone(plain);
  newer.honoured_models[0].title = '全国模范法官';
  newer.honoured_models[0].revision += 1;
  await choose(district.page, 'newer.json', Buffer.from(JSON.stringify(newer)));
  await district.page.locator('[data-testid="import-preview"]').waitFor();
  await district.page.click('[data-testid="import-confirm"]');
  await district.page.locator('[data-testid="import-summary"]').waitFor();

  await district.page.check('[data-testid="export-redacted"]');
  const [download] = await Promise.all([district.page.waitForEvent('download'), district.page.click('[data-testid="export-json"]')]);
  const raw = readFileSync(await download.path(), 'utf8');
  const text = inner(raw);
  for (const t of personal) assert.ok(!text.includes(t), `${t} is in the redacted file`);
  assert.equal(JSON.parse(text).redacted, true);
  assert.equal(JSON.parse(text).honoured_models.length, plain.honoured_models.length);
  // The workbook as well, read by openpyxl.
  const [workbook] = await Promise.all([district.page.waitForEvent('download', { timeout: 120_000 }), district.page.click('[data-testid="export-xlsx"]')]);
  const xlsx = join(dir, 'redacted.xlsx');
  writeFileSync(xlsx, readFileSync(await workbook.path()));
  const cells = execFileSync('/usr/bin/python3', ['-c', `import openpyxl, json\nwb = openpyxl.load_workbook(${JSON.stringify(xlsx)})\nprint(json.dumps([str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value is not None], ensure_ascii=False))`]).toString();
  assert.ok(cells.includes('全国模范法官'), 'the workbook was read, with the new title');
  for (const t of personal) assert.ok(!cells.includes(t), `${t} is in the redacted workbook`);
  // Every part of it, not only the cells: shared strings, document properties, anything else.
  const parts = execFileSync('/usr/bin/python3', ['-c', `import zipfile, html\nz = zipfile.ZipFile(${JSON.stringify(xlsx)})\nprint(html.unescape(''.join(z.read(n).decode('utf-8', 'replace') for n in z.namelist())))`]).toString();
  assert.ok(parts.includes('全国模范法官') && parts.includes('本表已脱敏'), 'the parts were read');
  const lines = personal.flatMap((t) => t.split(/\r?\n/)).map((l) => l.trim()).filter((l) => [...l].length >= 4);
  assert.ok(lines.length >= 10, `deeds and notes with lines to look for: ${lines.length}`);
  for (const l of lines) assert.ok(!parts.includes(l), `${l} is in a part of the redacted workbook`);

  // The city imports the redacted file: told so; the newer model brings its title, every detail stays.
  await choose(city.page, download.suggestedFilename(), Buffer.from(raw));
  await city.page.locator('[data-testid="import-redacted"]').waitFor();
  const count = (name) => city.page.locator(`[data-testid="import-preview"] [data-count="${name}"]`).getAttribute('data-value').then(Number);
  assert.deepEqual([await count('updated'), await count('conflict')], [1, 0]);
  await city.page.click('[data-testid="import-confirm"]');
  await city.page.locator('[data-testid="import-summary"]').waitFor();
  const expected = structuredClone(newer);
  assertSameRecords(JSON.parse((await exportJson(city.page, { office: '430200-committee' })).text), expected, 'after the redacted file: the new title, every detail kept');

  // The redacted workbook imported over the same full copy: said so, nothing changes, no detail lost.
  await choose(city.page, 'redacted.xlsx', readFileSync(xlsx));
  await city.page.click('[data-testid="sheet-continue"]');
  await city.page.locator('[data-testid="import-redacted"]').waitFor();
  assert.deepEqual([await count('new'), await count('updated'), await count('conflict')], [0, 0, 0]);
  await city.page.click('[data-testid="import-confirm"]');
  await city.page.locator('[data-testid="import-summary"]').waitFor();
  assertSameRecords(JSON.parse((await exportJson(city.page, { office: '430200-committee' })).text), expected, 'after the redacted workbook: every detail kept');
  assert.deepEqual([...district.errors, ...city.errors], []);
});

/** Every cell value of every sheet of a workbook, read by openpyxl. */
function cellsOf(path) {
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', `import openpyxl, json\nwb = openpyxl.load_workbook(${JSON.stringify(path)})\nprint(json.dumps({ws.title: [[str(c.value) for c in row] for row in ws.iter_rows()] for ws in wb}, ensure_ascii=False))`]).toString());
}

test('a workbook exported with a password opens with it in msoffcrypto-tool to the same sheets; a workbook msoffcrypto-tool encrypted imports with its password, and a wrong one changes nothing', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'taizhang-agile-'));
  const { page, errors } = await openApp(browser, server.url);
  await loadSample(page);
  const before = JSON.parse((await exportJson(page)).text);
  const [plainDownload] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.click('[data-testid="export-xlsx"]')]);
  const plain = join(dir, 'plain.xlsx');
  writeFileSync(plain, readFileSync(await plainDownload.path()));
  await page.fill('[data-testid="export-password"]', PASSWORD);
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.click('[data-testid="export-xlsx"]')]);
  assert.match(download.suggestedFilename(), /\.xlsx$/);
  assert.equal(await page.inputValue('[data-testid="export-password"]'), '', 'the password is not left in the page');
  const encrypted = join(dir, 'encrypted.xlsx');
  writeFileSync(encrypted, readFileSync(await download.path()));
  const bytes = readFileSync(encrypted);
  assert.equal(bytes.subarray(0, 4).toString('hex'), 'd0cf11e0', 'an OLE compound file, as Excel writes an encrypted workbook');
  assert.throws(() => execFileSync('msoffcrypto-tool', ['-p', 'not-the-password', encrypted, join(dir, 'wrong.xlsx')], { stdio: 'ignore' }));
  execFileSync('msoffcrypto-tool', ['-p', PASSWORD, encrypted, join(dir, 'decrypted.xlsx')]);
  assert.deepEqual(cellsOf(join(dir, 'decrypted.xlsx')), cellsOf(plain), 'the same sheets as the workbook without a password');

  // A workbook msoffcrypto-tool encrypted: the password asked, a wrong one refused, the right one to the mapping step.
  const fixture = readFileSync(new URL('./fixtures/台账-石峰区-加密.xlsx', import.meta.url));
  await choose(page, '台账-石峰区-加密.xlsx', fixture);
  await page.locator('[data-testid="password-asked"]').waitFor();
  await giveThePassword(page, 'not-the-password');
  await page.locator('[data-testid="password-asked"][data-wrong="true"]').waitFor();
  await giveThePassword(page, PASSWORD);
  await page.locator('[data-testid="sheet-mapping"] [data-sheet="学习教育活动台账"]').waitFor();
  assert.equal(await page.locator('[data-sheet="问题线索台账"] select[data-role="ledger"]').inputValue(), 'cases');
  assertSameRecords(JSON.parse((await exportJson(page)).text), before, 'nothing written by the protected workbook');
  assert.deepEqual(errors, []);
});

/**
 * The encrypted fixture changed by olefile (an independent CFB writer, stream
 * by stream, same lengths): `flip` one bit of the encrypted stream; `block`
 * a block size of 4 GiB; `quote` an attribute quoted with a multi-byte “.
 */
function hostileWorkbook(dir, mode) {
  const source = fileURLToPath(new URL('./fixtures/台账-石峰区-加密.xlsx', import.meta.url));
  const out = join(dir, `hostile-${mode}.xlsx`);
  execFileSync('/usr/bin/python3', ['-c', `
import olefile, shutil, sys
shutil.copyfile(sys.argv[1], sys.argv[2])
o = olefile.OleFileIO(sys.argv[2], write_mode=True)
mode = sys.argv[3]
if mode == 'flip':
    p = bytearray(o.openstream('EncryptedPackage').read())
    p[-1] ^= 1
    o.write_stream('EncryptedPackage', bytes(p))
else:
    info = o.openstream('EncryptionInfo').read()
    x = info[8:].decode('utf-8')
    if mode == 'block':
        y = x.replace(' standalone="yes"', '', 1).replace('blockSize="16"', 'blockSize="4294967295"', 1)
    else:
        y = x.replace('keyBits="256"', 'keyBits=\u201c256\u201c', 1)
    diff = len(x.encode()) - len(y.encode())
    y = y.replace('\\n    <keyData', '\\n' + ' ' * (4 + diff) + '<keyData', 1)
    assert len(y.encode()) == len(x.encode()) and y != x
    o.write_stream('EncryptionInfo', info[:8] + y.encode('utf-8'))
o.close()
`, source, out, mode]);
  return readFileSync(out);
}

test('hostile encrypted workbooks (a changed ciphertext, a 4 GiB block size, a multi-byte quote) are refused with a sentence, and the engine reads the next file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'taizhang-hostile-'));
  const { page, errors } = await openApp(browser, server.url);
  await loadSample(page);
  await exportJson(page);
  const beforeDb = await rawDatabase(page);
  for (const [mode, said] of [['flip', '完整性校验不符'], ['block', 'blockSize'], ['quote', '加密方式本应用不支持']]) {
    await choose(page, `hostile-${mode}.xlsx`, hostileWorkbook(dir, mode));
    await page.locator('[data-testid="password-asked"]').waitFor();
    const started = Date.now();
    await giveThePassword(page, PASSWORD);
    await page.waitForFunction((s) => (document.querySelector('[data-testid="import-errors"]')?.innerText ?? '').includes(s), said, { timeout: 30_000 });
    console.log(`  ${mode}: refused ${Date.now() - started} ms after the password`);
  }
  // The engine is alive: the unchanged fixture opens to the mapping step.
  await choose(page, '台账-石峰区-加密.xlsx', readFileSync(new URL('./fixtures/台账-石峰区-加密.xlsx', import.meta.url)));
  await page.locator('[data-testid="password-asked"]').waitFor();
  await giveThePassword(page, PASSWORD);
  await page.locator('[data-testid="sheet-mapping"] [data-sheet="学习教育活动台账"]').waitFor();
  await assertDatabaseUnchanged(page, beforeDb, 'after the hostile workbooks');
  assert.deepEqual(errors, []);
});

// The release build's import renaming (scripts/short-imports.mjs) on a module
// written by binaryen, read back by the JavaScript engine's own WebAssembly
// and by binaryen: the renamed imports link to the renamed JS, and nothing
// else in the module changes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import binaryen from 'binaryen';
import { shortenImports, shortName } from '../../scripts/short-imports.mjs';

const GLUE = './m_bg.js';
const ONE = '__wbg_one_0123456789abcdef';
const TWO = '__wbg_two_fedcba9876543210';
const TWICE = '__wbg_twice_00000000000000aa';
const OTHER = '__wbg_other_1111111111111111';

/** A module importing four functions, a global, a memory and a table; `sum` calls them all. */
function fixture() {
  const m = new binaryen.Module();
  m.addFunctionImport('one', GLUE, ONE, binaryen.none, binaryen.i32);
  m.addFunctionImport('two', GLUE, TWO, binaryen.none, binaryen.i32);
  m.addFunctionImport('twice', GLUE, TWICE, binaryen.none, binaryen.i32);
  m.addFunctionImport('other', './other.js', OTHER, binaryen.none, binaryen.i32);
  m.addGlobalImport('g', GLUE, 'g', binaryen.i32, false);
  m.addMemoryImport('0', './other.js', 'memory');
  m.addTableImport('t', './other.js', 'table');
  const call = (name) => m.call(name, [], binaryen.i32);
  const times = (value, factor) => m.i32.mul(value, m.i32.const(factor));
  m.addFunction('sum', binaryen.none, binaryen.i32, [], m.i32.add(
    m.i32.add(times(call('one'), 1000), times(call('two'), 100)),
    m.i32.add(m.i32.add(times(call('twice'), 10), call('other')), m.global.get('g', binaryen.i32)),
  ));
  m.addFunctionExport('sum', 'sum');
  assert.ok(m.validate());
  const wasm = m.emitBinary();
  m.dispose();
  // As binaryen reads it back (the internal names are not written).
  const read = binaryen.readBinary(wasm);
  const text = read.emitText();
  read.dispose();
  return { wasm, text };
}

// The glue: each import an object key; one of them is named twice.
const JS = `const imports = {
    __proto__: null,
    ${ONE}: function() { return 1; },
    ${TWO}: () => 2,
    ${TWICE}: function() { return 3; },
    g: 4,
};
// ${TWICE} is named here too, so it keeps its name.
`;

test('imports from the glue are renamed in the module and the glue alike, and still link', () => {
  const { wasm, text } = fixture();
  const { wasm: short, js, renamed } = shortenImports(wasm, JS, GLUE);
  assert.deepEqual([...renamed], [[ONE, 'a'], [TWO, 'b']]);

  // In the order binaryen writes them (memory and table first), so sorted here.
  const names = WebAssembly.Module.imports(new WebAssembly.Module(short)).map((i) => `${i.module} ${i.name} ${i.kind}`);
  assert.deepEqual(names.sort(), [
    `${GLUE} a function`, `${GLUE} b function`, `${GLUE} ${TWICE} function`, `./other.js ${OTHER} function`,
    `${GLUE} g global`, './other.js memory memory', './other.js table table',
  ].sort());

  const glue = new Function(`${js}; return imports;`)();
  assert.deepEqual(Object.keys(glue), ['a', 'b', TWICE, 'g']);
  const instance = new WebAssembly.Instance(new WebAssembly.Module(short), {
    [GLUE]: glue,
    './other.js': {
      [OTHER]: () => 5,
      memory: new WebAssembly.Memory({ initial: 1, maximum: 1 }),
      table: new WebAssembly.Table({ initial: 1, element: 'anyfunc' }),
    },
  });
  assert.equal(instance.exports.sum(), 1 * 1000 + 2 * 100 + 3 * 10 + 5 + 4);

  // Read back by binaryen: the same module but for the two names.
  const again = binaryen.readBinary(short);
  assert.equal(again.emitText(), text.replace(`"${ONE}"`, '"a"').replace(`"${TWO}"`, '"b"'));
  again.dispose();
});

test('short names are the letters, then pairs of them, never twice the same', () => {
  assert.equal(shortName(0), 'a');
  assert.equal(shortName(51), 'Z');
  assert.equal(shortName(52), 'ba');
  const all = Array.from({ length: 3000 }, (_, n) => shortName(n));
  assert.equal(new Set(all).size, all.length);
  assert.ok(all.every((name) => /^[A-Za-z]+$/.test(name)));
});

test('what is not a module is refused, not rewritten', () => {
  assert.throws(() => shortenImports(new Uint8Array([1, 2, 3]), JS, GLUE), /not a WebAssembly module/);
  const { wasm } = fixture();
  assert.throws(() => shortenImports(wasm.subarray(0, wasm.length - 3), JS, GLUE), /past the end/);
});

// ---------------------------------------------------------------------------
// Review attacks (branch review-decode): inputs where the two rewrites could
// disagree, names the JS rewrite reads as a pattern, every import kind, and
// malformed or unusual encodings.

/** A module of function imports (module, name) returning i32, `run` adding import i times 10^i. */
function callsAll(imports, features = binaryen.Features.MVP) {
  const m = new binaryen.Module();
  m.setFeatures(features);
  imports.forEach(([module, name], i) => m.addFunctionImport(`f${i}`, module, name, binaryen.none, binaryen.i32));
  let sum = m.i32.const(0);
  imports.forEach((_, i) => {
    sum = m.i32.add(sum, m.i32.mul(m.call(`f${i}`, [], binaryen.i32), m.i32.const(10 ** i)));
  });
  m.addFunction('run', binaryen.none, binaryen.i32, [], sum);
  m.addFunctionExport('run', 'run');
  assert.ok(m.validate());
  const wasm = m.emitBinary();
  m.dispose();
  return wasm;
}

/** `run()` of `wasm` linked against the glue object `js` evaluates to (`imports`), or the error. */
function runWith(wasm, js, extra = {}) {
  const glue = new Function(`${js}\n; return imports;`)();
  try {
    return new WebAssembly.Instance(new WebAssembly.Module(wasm), { [GLUE]: glue, ...extra }).exports.run();
  } catch (e) {
    return `${e.name}: ${e.message}`;
  }
}

test('review: the same import twice links to the same function as before', () => {
  // Legal wasm (wasm-bindgen does not write it, a wasm-opt or hand-linked module may).
  const wasm = callsAll([[GLUE, ONE], [GLUE, ONE]]);
  const js = `const imports = {\n    ${ONE}: function() { return 1; },\n};`;
  assert.equal(runWith(wasm, js), 11);
  const short = shortenImports(wasm, js, GLUE);
  // Breaks: the first import is named `a`, the second `b`, the glue's key only `b`.
  assert.equal(runWith(short.wasm, short.js), 11, `renamed ${JSON.stringify([...short.renamed])}, js ${short.js}`);
});

test('review: a short name already a key of the glue is not given to another import', () => {
  // `b` is kept (the glue names it more than once: in `__wbg_…`), and the
  // second renamed import is given `b` too: two keys `b`, the later wins.
  const G = '__wbg_g_2222222222222222';
  const wasm = callsAll([[GLUE, ONE], [GLUE, G], [GLUE, 'b']]);
  const js = `const imports = {\n    ${ONE}: function() { return 1; },\n    ${G}: function() { return 2; },\n    b: function() { return 3; },\n};`;
  assert.equal(runWith(wasm, js), 321);
  const short = shortenImports(wasm, js, GLUE);
  assert.equal(runWith(short.wasm, short.js), 321, `renamed ${JSON.stringify([...short.renamed])}, js ${short.js}`);
});

test('review: a key renamed to the old name of a later key is taken for it', () => {
  // Glue names spelt once each (no `b` anywhere else): all three renamed,
  // `foo_1` to a, `goo_2` to b, `b` to c. The glue is rewritten name by name:
  // after goo_2 became `b:`, the rewrite of `b` takes that key, the first `b:`.
  const wasm = callsAll([[GLUE, 'foo_1'], [GLUE, 'goo_2'], [GLUE, 'b']]);
  const js = `const imports = {\n    foo_1: function() { return 1; },\n    goo_2: function() { return 2; },\n    b: function() { return 3; },\n};`;
  assert.equal(runWith(wasm, js), 321);
  const short = shortenImports(wasm, js, GLUE);
  assert.equal(runWith(short.wasm, short.js), 321, `renamed ${JSON.stringify([...short.renamed])}, js ${short.js}`);
});

test('review: a name with a character special to regular expressions is matched as written', () => {
  // The module imports `x.y`, which the glue does not hold (only `xzy`): it
  // must not link before or after; `.` in the pattern matches the `z`.
  const wasm = callsAll([[GLUE, 'x.y']]);
  const js = `const imports = {\n    xzy: function() { return 7; },\n};\n// x.y is not provided`;
  assert.match(String(runWith(wasm, js)), /LinkError/);
  const short = shortenImports(wasm, js, GLUE);
  assert.deepEqual([...short.renamed], [], `renamed ${JSON.stringify([...short.renamed])}, js ${short.js}`);
  assert.match(String(runWith(short.wasm, short.js)), /LinkError/);
});

test('review: a name that is not a valid pattern keeps its name, the build does not stop', () => {
  const wasm = callsAll([[GLUE, ONE], [GLUE, 'f(']]);
  const js = `const imports = {\n    ${ONE}: function() { return 1; },\n    "f(": function() { return 2; },\n};`;
  assert.equal(runWith(wasm, js), 21);
  let short;
  assert.doesNotThrow(() => { short = shortenImports(wasm, js, GLUE); });
  assert.equal(runWith(short.wasm, short.js), 21);
});

test('review: a name that is a prefix of another, and names with $, link as before', () => {
  const P = '__wbg_x_1';
  const PP = '__wbg_x_10';
  const D = '__wbg_$d_3';
  const DD = '__wbg_$$_4';
  const wasm = callsAll([[GLUE, P], [GLUE, PP], [GLUE, D], [GLUE, DD]]);
  const js = `const imports = {\n    ${P}: () => 1,\n    ${PP}: () => 2,\n    ${D}: () => 3,\n    ${DD}: () => 4,\n};`;
  assert.equal(runWith(wasm, js), 4321);
  const short = shortenImports(wasm, js, GLUE);
  // The prefix makes the first appear twice: kept.
  assert.deepEqual([...short.renamed], [[PP, 'a'], [D, 'b'], [DD, 'c']]);
  assert.equal(runWith(short.wasm, short.js), 4321);
});

test('review: a name spelt once but not as a key of the glue (a ternary\'s branch) is not renamed', () => {
  const T = '__wbg_t_5555555555555555';
  const wasm = callsAll([[GLUE, ONE]]);
  const js = `const imports = {\n    ${ONE}: function() { return typeof x === 'undefined' ? 1 : ${T} },\n};`;
  // The module does not even import T, so nothing may be renamed to or from it.
  const short = shortenImports(wasm, js, GLUE);
  assert.equal(runWith(short.wasm, short.js), 1);
  assert.ok(short.js.includes(`: ${T} }`), short.js);
});

test('review: imports of every kind from the glue are renamed and still link', () => {
  const m = new binaryen.Module();
  m.setFeatures(binaryen.Features.MVP | binaryen.Features.ExceptionHandling | binaryen.Features.ReferenceTypes | binaryen.Features.MutableGlobals);
  m.addFunctionImport('one', GLUE, ONE, binaryen.none, binaryen.i32);
  m.addGlobalImport('g', GLUE, '__wbg_glob_1', binaryen.i32, true);
  m.addMemoryImport('0', GLUE, '__wbg_mem_2');
  m.addTableImport('t', GLUE, '__wbg_tab_3');
  m.addTagImport('e', GLUE, '__wbg_tag_4', binaryen.i32, binaryen.none);
  m.addFunction('run', binaryen.none, binaryen.i32, [], m.i32.add(
    m.call('one', [], binaryen.i32),
    m.i32.add(m.global.get('g', binaryen.i32), m.i32.load(0, 4, m.i32.const(0))),
  ));
  m.addFunctionExport('run', 'run');
  m.addTagExport('e', 'e');
  assert.ok(m.validate());
  const wasm = m.emitBinary();
  m.dispose();
  const js = `const imports = {
    ${ONE}: () => 1,
    __wbg_glob_1: new WebAssembly.Global({ value: 'i32', mutable: true }, 20),
    __wbg_mem_2: new WebAssembly.Memory({ initial: 1, maximum: 1 }),
    __wbg_tab_3: new WebAssembly.Table({ initial: 1, element: 'anyfunc' }),
    __wbg_tag_4: new WebAssembly.Tag({ parameters: ['i32'] }),
};
new Uint32Array(imports.__wbg_mem_2.buffer)[0] = 300;`;
  // The glue spells the memory twice: kept. The rest renamed.
  const short = shortenImports(wasm, js, GLUE);
  assert.deepEqual([...short.renamed].map(([, s]) => s).length, 4, JSON.stringify([...short.renamed]));
  const glue = new Function(`${short.js}\n; return imports;`)();
  const instance = new WebAssembly.Instance(new WebAssembly.Module(short.wasm), { [GLUE]: glue });
  assert.equal(instance.exports.run(), 321);
  // The tag re-exported is the glue's own tag.
  assert.equal(instance.exports.e, glue[short.renamed.get('__wbg_tag_4')]);
});

// Hand-written bytes, for encodings binaryen does not write.
const leb = (n) => { const out = []; do { let b = n & 0x7f; n = Math.floor(n / 128); if (n > 0) b |= 0x80; out.push(b); } while (n > 0); return out; };
const utf8 = (s) => [...new TextEncoder().encode(s)];
const str = (s) => [...leb(utf8(s).length), ...utf8(s)];
const section = (id, body) => [id, ...leb(body.length), ...body];
const HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
const TYPE_I32 = section(1, [1, 0x60, 0, 1, 0x7f]); // () -> i32
/** A module: the type, `imports` (raw entries), then `after` (raw sections). */
const moduleOf = (entries, after = []) => Uint8Array.from([
  ...HEADER, ...TYPE_I32, ...section(2, [...leb(entries.length), ...entries.flat()]), ...after.flat(),
]);
const fn = (module, name) => [...str(module), ...str(name), 0x00, 0x00];

test('review: import descriptions of every encoding are stepped over exactly', () => {
  const js = `const imports = {\n    ${ONE}: () => 1,\n    ${TWO}: () => 2,\n};`;
  const descriptions = {
    'shared memory with a maximum': [0x02, 0x03, 1, 1],
    'memory with a 5-byte minimum': [0x02, 0x00, 0x81, 0x80, 0x80, 0x80, 0x00],
    'memory64 with a maximum': [0x02, 0x05, 0x81, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00, 2],
    'table of externref, min and max': [0x01, 0x6f, 0x01, 0, 10],
    'table64 of funcref': [0x01, 0x70, 0x04, 0x80, 0x01],
    'global (ref null func), mutable': [0x03, 0x63, 0x70, 0x01],
    'global (ref 0), immutable': [0x03, 0x64, 0x00, 0x00],
    'global (ref null 300)': [0x03, 0x63, 0xac, 0x02, 0x00],
    'tag of type 0': [0x04, 0x00, 0x00],
    'global f64 mutable': [0x03, 0x7c, 0x01],
  };
  for (const [what, description] of Object.entries(descriptions)) {
    const wasm = moduleOf([fn(GLUE, ONE), [...str('./other.js'), ...str('x'), ...description], fn(GLUE, TWO)]);
    const short = shortenImports(wasm, js, GLUE);
    assert.deepEqual([...short.renamed], [[ONE, 'a'], [TWO, 'b']], what);
    const expected = moduleOf([fn(GLUE, 'a'), [...str('./other.js'), ...str('x'), ...description], fn(GLUE, 'b')]);
    assert.deepEqual([...short.wasm], [...expected], what);
  }
});

test('review: a memory of custom page size (limits flag 0x08) is refused, not miswritten', () => {
  // Custom page sizes: the limits are followed by the page size's log2.
  const js = `const imports = {\n    ${ONE}: () => 1,\n};`;
  const memory = [...str('./other.js'), ...str('m'), 0x02, 0x08, 1, 0x00];
  const wasm = moduleOf([memory, fn(GLUE, ONE)]);
  let short;
  try {
    short = shortenImports(wasm, js, GLUE);
  } catch (e) {
    assert.match(e.message, /short-imports/);
    return;
  }
  assert.deepEqual([...short.wasm], [...moduleOf([memory, fn(GLUE, 'a')])]);
});

test('review: compact imports (binaryen with every feature) are refused, not miswritten', () => {
  const wasm = callsAll([[GLUE, ONE], [GLUE, TWO]], binaryen.Features.All);
  const js = `const imports = {\n    ${ONE}: () => 1,\n    ${TWO}: () => 2,\n};`;
  assert.throws(() => shortenImports(wasm, js, GLUE), /short-imports/);
});

test('review: a module with no import section, or an empty one, is copied byte for byte', () => {
  const m = new binaryen.Module();
  m.addFunction('run', binaryen.none, binaryen.i32, [], m.i32.const(9));
  m.addFunctionExport('run', 'run');
  const wasm = m.emitBinary();
  m.dispose();
  const js = `const imports = {\n    ${ONE}: () => 1,\n};`;
  const short = shortenImports(wasm, js, GLUE);
  assert.deepEqual([...short.wasm], [...wasm]);
  assert.equal(short.js, js);
  const empty = moduleOf([]);
  assert.deepEqual([...shortenImports(empty, js, GLUE).wasm], [...empty]);
});

test('review: sections after the imports that name them by index (start, export, element, names) still work', () => {
  binaryen.setDebugInfo(true); // the name section
  try {
    const m = new binaryen.Module();
    m.setFeatures(binaryen.Features.MVP | binaryen.Features.MutableGlobals);
    m.addFunctionImport('one', GLUE, ONE, binaryen.none, binaryen.i32);
    m.addFunctionImport('two', GLUE, TWO, binaryen.none, binaryen.none);
    m.addTable('t', 1, 1);
    m.addActiveElementSegment('t', 'e', ['one'], m.i32.const(0));
    m.addFunction('start', binaryen.none, binaryen.none, [], m.call('two', [], binaryen.none));
    m.setStart(m.getFunction('start'));
    m.addFunction('run', binaryen.none, binaryen.i32, [], m.call_indirect('t', m.i32.const(0), [], binaryen.none, binaryen.i32));
    m.addFunctionExport('run', 'run');
    m.addFunctionExport('one', 'reexported');
    assert.ok(m.validate());
    const wasm = m.emitBinary();
    m.dispose();
    let started = 0;
    const js = `const imports = {\n    ${ONE}: () => 41,\n    ${TWO}: () => { started += 1; },\n};`;
    const short = shortenImports(wasm, js, GLUE);
    assert.equal(short.renamed.size, 2);
    const glue = new Function('counter', `let started = 0; ${short.js}; return [imports, () => started];`)();
    const instance = new WebAssembly.Instance(new WebAssembly.Module(short.wasm), { [GLUE]: glue[0] });
    assert.equal(glue[1](), 1, 'the start function called the renamed import');
    assert.equal(instance.exports.run(), 41);
    assert.equal(instance.exports.reexported(), 41);
    // binaryen reads the same names back for the functions.
    const text = (bytes) => { const r = binaryen.readBinary(bytes); const t = r.emitText(); r.dispose(); return t; };
    assert.equal(text(short.wasm), text(wasm).replace(`"${ONE}"`, '"a"').replace(`"${TWO}"`, '"b"'));
    void started;
  } finally {
    binaryen.setDebugInfo(false);
  }
});

test('review: malformed numbers are refused, overlong but valid ones read', () => {
  const js = `const imports = {\n    ${ONE}: () => 1,\n};`;
  const name = utf8(ONE);
  const overlong = [0x80 | name.length, 0x80, 0x80, 0x80, 0x00]; // 5 bytes, valid
  const wasm = Uint8Array.from([...HEADER, ...TYPE_I32, ...section(2, [0x81, 0x00, ...str(GLUE), ...overlong, ...name, 0x00, 0x00])]);
  assert.ok(WebAssembly.validate(wasm));
  const short = shortenImports(wasm, js, GLUE);
  assert.deepEqual([...short.wasm], [...moduleOf([fn(GLUE, 'a')])]);
  const bad = {
    'a count of 6 bytes': [0x81, 0x80, 0x80, 0x80, 0x80, 0x00],
    'a count past 32 bits': [0xff, 0xff, 0xff, 0xff, 0x1f],
    'a count running past the section': [0x81],
    'a count of more imports than there are': [0x02, ...fn(GLUE, ONE)],
    'a name running past the section': [0x01, ...str(GLUE), 0x7f, 0x61],
    'a bad UTF-8 name': [0x01, ...str(GLUE), 0x02, 0xc3, 0x28, 0x00, 0x00],
    'an unknown kind': [0x01, ...fn(GLUE, ONE).slice(0, -2), 0x05, 0x00],
    'a byte after the last import': [0x01, ...fn(GLUE, ONE), 0x00],
    'a type index of 6 bytes': [0x01, ...fn(GLUE, ONE).slice(0, -1), 0x80, 0x80, 0x80, 0x80, 0x80, 0x00],
  };
  for (const [what, body] of Object.entries(bad)) {
    const module = Uint8Array.from([...HEADER, ...TYPE_I32, ...section(2, body)]);
    assert.equal(WebAssembly.validate(module), false, what);
    assert.throws(() => shortenImports(module, js, GLUE), /short-imports/, what);
  }
  // A section size of 6 bytes, and a module ending in a section id.
  assert.throws(() => shortenImports(Uint8Array.from([...HEADER, 1, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00]), js, GLUE), /short-imports/);
  assert.throws(() => shortenImports(Uint8Array.from([...HEADER, 2]), js, GLUE), /short-imports/);
});

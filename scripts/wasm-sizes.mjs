// What the page's first load holds, by size (no twiggy here: a name-section
// reader instead). Splits the release build's linked wasm as the post-build
// hook does, runs wasm-bindgen and binaryen's -Os on the page's module with
// the function names kept, then prints its functions by crate (the first
// path segment of each name) and its largest functions, and its data.
//   node scripts/wasm-sizes.mjs [TOP=40] [taizhang.wasm]
// Sizes are of the optimized code, raw bytes; "gz" is each group's functions
// gzipped (-9) together, a rough share of the page's gzipped size.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const TOP = Number(process.argv[2] ?? 40);
const target = process.env.CARGO_TARGET_DIR ?? join(ROOT, 'target');
const input = process.argv[3] ?? join(target, 'wasm32-unknown-unknown', 'release', 'taizhang.wasm');
const work = mkdtempSync(join(tmpdir(), 'taizhang-sizes-'));

try {
  execFileSync('cargo', ['run', '--quiet', '--release', '--locked', '--offline',
    '--manifest-path', join(ROOT, 'tools', 'split', 'Cargo.toml'), '--target-dir', join(target, 'split-tool'),
    '--', input, work, './main.js'], { stdio: ['ignore', 'ignore', 'inherit'] });
  execFileSync('wasm-bindgen', [join(work, 'main.wasm'), '--out-dir', work, '--out-name', 'page',
    '--target', 'web', '--no-typescript', '--keep-lld-exports', '--keep-debug']);
  const { default: binaryen } = await import(pathToFileURL(join(ROOT, 'tests', 'e2e', 'node_modules', 'binaryen', 'index.js')).href);
  binaryen.setOptimizeLevel(2);
  binaryen.setShrinkLevel(1);
  binaryen.setDebugInfo(true);
  const module = binaryen.readBinary(readFileSync(join(work, 'page_bg.wasm')));
  module.optimize();
  const bytes = module.emitBinary();
  if (process.env.SIZES_WAT) {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(process.env.SIZES_WAT, module.emitText());
  }
  module.dispose();
  await report(Buffer.from(bytes));
} finally {
  rmSync(work, { recursive: true, force: true });
}

async function report(wasm) {
  const { functions, data, sections } = parse(wasm);
  const total = wasm.length;
  console.log(`page module (-Os, names kept): ${kib(total)} KiB raw, ${kib(gzipSync(wasm, { level: 9 }).length)} KiB gzip`);
  console.log(`sections: ${sections.map(([name, size]) => `${name} ${kib(size)}`).join(', ')} (KiB)`);
  console.log(`data: ${kib(data.reduce((s, d) => s + d.length, 0))} KiB raw, ${kib(gzipSync(Buffer.concat(data), { level: 9 }).length)} KiB gzip`);
  const groups = new Map();
  for (const f of functions) {
    const key = crateOf(f.name);
    const group = groups.get(key) ?? { size: 0, count: 0, bodies: [] };
    group.size += f.body.length;
    group.count += 1;
    group.bodies.push(f.body);
    groups.set(key, group);
  }
  const code = functions.reduce((s, f) => s + f.body.length, 0);
  console.log(`\ncode by crate (${functions.length} functions, ${kib(code)} KiB):`);
  for (const [name, g] of [...groups].sort((a, b) => b[1].size - a[1].size).slice(0, TOP)) {
    const gz = gzipSync(Buffer.concat(g.bodies), { level: 9 }).length;
    console.log(`${kib(g.size).padStart(8)} KiB ${pct(g.size, code).padStart(6)}  gz ${kib(gz).padStart(6)}  ${String(g.count).padStart(5)} fns  ${name}`);
  }
  if (process.env.SIZES_DUMP) {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(process.env.SIZES_DUMP, functions.map((f) => `${f.body.length}\t${f.name}`).join('\n'));
  }
  console.log(`\nlargest functions:`);
  for (const f of [...functions].sort((a, b) => b.body.length - a.body.length).slice(0, TOP)) {
    console.log(`${String(f.body.length).padStart(7)} B  ${f.name.slice(0, 200)}`);
  }
}

/** The crate a function belongs to: the first path segment, through `<… as …>` and `&`. */
function crateOf(name) {
  let n = name.replace(/^(_ZN|<|&|\s|mut |dyn |\(|\[)+/g, '');
  const m = n.match(/^([A-Za-z_][A-Za-z0-9_]*)/);
  if (!m) return `(${name.slice(0, 30)})`;
  if (/^\d/.test(m[1])) return '(unnamed)';
  return m[1];
}

function kib(n) { return (n / 1024).toFixed(1); }
function pct(n, of) { return `${((100 * n) / of).toFixed(1)}%`; }

function parse(wasm) {
  let pos = 8;
  const leb = () => {
    let result = 0, shift = 0, byte;
    do {
      byte = wasm[pos++];
      result += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    return result;
  };
  const str = () => {
    const len = leb();
    const s = wasm.subarray(pos, pos + len).toString('utf8');
    pos += len;
    return s;
  };
  const names = new Map();
  const bodies = [];
  const data = [];
  const sections = [];
  let imported = 0;
  const SECTION = ['custom', 'type', 'import', 'function', 'table', 'memory', 'global', 'export', 'start', 'element', 'code', 'data', 'datacount'];
  while (pos < wasm.length) {
    const id = wasm[pos++];
    const size = leb();
    const end = pos + size;
    if (id === 0) {
      const name = str();
      sections.push([`custom:${name}`, size]);
      if (name === 'name') {
        while (pos < end) {
          const sub = wasm[pos++];
          const subSize = leb();
          const subEnd = pos + subSize;
          if (sub === 1) {
            const count = leb();
            for (let i = 0; i < count; i++) {
              const index = leb();
              names.set(index, str());
            }
          }
          pos = subEnd;
        }
      }
    } else {
      sections.push([SECTION[id] ?? `#${id}`, size]);
      if (id === 2) {
        const count = leb();
        for (let i = 0; i < count; i++) {
          str();
          str();
          const kind = wasm[pos++];
          if (kind === 0) { leb(); imported++; } else if (kind === 1) { pos++; const f = leb(); leb(); if (f & 1) leb(); } else if (kind === 2) { const f = leb(); leb(); if (f & 1) leb(); } else if (kind === 3) { pos += 2; } else { pos++; leb(); }
        }
      } else if (id === 10) {
        const count = leb();
        for (let i = 0; i < count; i++) {
          const len = leb();
          bodies.push(wasm.subarray(pos, pos + len));
          pos += len;
        }
      } else if (id === 11) {
        const count = leb();
        for (let i = 0; i < count; i++) {
          const flags = leb();
          if (flags === 2) leb();
          if (flags !== 1) { while (wasm[pos] !== 0x0b) pos++; pos++; }
          const len = leb();
          data.push(wasm.subarray(pos, pos + len));
          pos += len;
        }
      }
    }
    pos = end;
  }
  const functions = bodies.map((body, i) => ({ name: names.get(imported + i) ?? `#${imported + i}`, body }));
  return { functions, data, sections };
}

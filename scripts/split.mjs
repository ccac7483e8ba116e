// The page's wasm in pieces: the first screen's code in the page's module, every
// other screen in chunks fetched when it is first opened. Called by
// scripts/post-build.mjs on Trunk's staged build (Trunk cannot split):
// 1. tools/split cuts the wasm the linker left (with its relocations, see build.rs)
//    at its #[wasm_split] functions (src/ui/screens/mod.rs): a main module, the
//    chunks, and the loader that fetches a chunk on its first call;
// 2. wasm-bindgen makes the main module's JS (as Trunk did, keeping the exports
//    the chunks link to), binaryen (wasm-opt -Os) shrinks each piece (release builds);
// 3. the pieces replace Trunk's taizhang-*.js and taizhang-*_bg.wasm, named by a
//    hash of their contents; the page's preloads get their new integrity, and the
//    loader fetches each chunk by its file name and with its integrity, both from
//    chunks-*.json (itself fetched with the integrity the loader holds).
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { shortenImports } from './short-imports.mjs';

const run = promisify(execFile);
const sha256 = (data) => createHash('sha256').update(data).digest('hex');
const sri = (data) => `sha384-${createHash('sha384').update(data).digest('base64')}`;
/** Stand-ins the tool and wasm-bindgen write, replaced by the hashed names. */
const MAIN_JS = './__taizhang_main.js';
const LOADER_JS = './__wasm_split.js';

/** Splits the page's wasm in `staging`; returns `html` pointing at the pieces. */
export async function splitPage({ staging, source, html }) {
  const release = process.env.TRUNK_PROFILE === 'release';
  const target = process.env.CARGO_TARGET_DIR ?? join(source, 'target');
  const input = join(target, 'wasm32-unknown-unknown', release ? 'release' : 'debug', 'taizhang.wasm');

  const trunkJs = (await readdir(staging)).find((name) => /^taizhang-[0-9a-f]{1,16}\.js$/.test(name));
  if (!trunkJs) throw new Error(`split: Trunk wrote no taizhang-*.js in ${staging}`);
  const trunkName = trunkJs.slice(0, -'.js'.length);

  const work = await mkdtemp(join(tmpdir(), 'taizhang-split-'));
  try {
    await run('cargo', ['run', '--quiet', '--release', '--locked', '--offline',
      '--manifest-path', join(source, 'tools', 'split', 'Cargo.toml'),
      '--target-dir', join(target, 'split-tool'),
      '--', input, work, MAIN_JS], { maxBuffer: 1 << 24 });
    await run('wasm-bindgen', [join(work, 'main.wasm'), '--out-dir', work, '--out-name', 'taizhang',
      '--target', 'web', '--no-typescript', '--keep-lld-exports', ...(release ? [] : ['--keep-debug'])]);
    await unlink(join(work, 'main.wasm'));

    const wasms = (await readdir(work)).filter((name) => name.endsWith('.wasm'));
    if (release) await optimize(source, wasms.map((name) => join(work, name)));

    // The chunks, named by their contents, each fetched with its integrity. The
    // file names and integrities are a file of their own, pinned by its integrity
    // in the loader and fetched with the first chunk: ~90 hashes in the loader
    // were 4.8 KiB of the first load's gzip (they do not compress), the hashed
    // file names 1.1 KiB; the loader names each chunk as the split does.
    let loader = await readFile(join(work, LOADER_JS), 'utf8');
    const pieces = [];
    const integrity = {};
    for (const name of wasms.filter((name) => name !== 'taizhang_bg.wasm')) {
      const bytes = await readFile(join(work, name));
      const hashed = `${name.slice(0, -'.wasm'.length)}-${sha256(bytes).slice(0, 16)}.wasm`;
      const fetchOf = `fetch(new URL("./${name}", import.meta.url))`;
      if (!loader.includes(fetchOf)) throw new Error(`split: the loader does not fetch ${name}`);
      loader = loader.replace(fetchOf, `fetchChunk("./${name}")`);
      integrity[`./${name}`] = [`./${hashed}`, sri(bytes)];
      pieces.push([hashed, bytes]);
    }
    const integrities = Buffer.from(JSON.stringify(integrity));
    const integritiesName = `chunks-${sha256(integrities).slice(0, 16)}.json`;
    pieces.push([integritiesName, integrities]);
    loader = chunkFetcher(integritiesName, sri(integrities)) + loader;
    // The page's module and its JS: one name for the pair, from what both hold
    // (each imports the other, so neither can be named by its own contents alone).
    let wasm = await readFile(join(work, 'taizhang_bg.wasm'));
    let js = await readFile(join(work, 'taizhang.js'), 'utf8');
    // The page's imports under short names, in its module and its JS alike.
    if (release) ({ wasm, js } = shortenImports(wasm, js, './taizhang_bg.js'));
    // Both JS files are fetched before the first screen: the release build's
    // minified by terser (names local to each module shortened; what each
    // exports, and the import object's keys, kept).
    if (release) [js, loader] = await Promise.all([minified(source, js), minified(source, loader)]);
    const name = `taizhang-${sha256(Buffer.concat([wasm, Buffer.from(js), Buffer.from(loader)])).slice(0, 16)}`;
    // Only the JS imports are renamed: the wasm's imports keep the module name they were given.
    js = importsFrom(js, LOADER_JS, `./${name}_split.js`);
    loader = importsFrom(loader, MAIN_JS, `./${name}.js`);
    pieces.push([`${name}.js`, Buffer.from(js)], [`${name}_bg.wasm`, wasm], [`${name}_split.js`, Buffer.from(loader)]);

    await Promise.all([`${trunkName}.js`, `${trunkName}_bg.wasm`].map((old) => unlink(join(staging, old))));
    await Promise.all(pieces.map(([file, bytes]) => writeFile(join(staging, file), bytes)));

    html = html.replaceAll(trunkName, name);
    html = withIntegrity(html, `./${name}.js`, sri(js));
    html = withIntegrity(html, `./${name}_bg.wasm`, sri(wasm));
    // The loader is imported by the page's JS before anything runs: preloaded beside it.
    const preload = linkTo(`./${name}.js`);
    if (!preload.test(html)) throw new Error('split: no <link rel="modulepreload"> for the page\'s JS');
    html = html.replace(preload, (link) => `${link}<link rel="modulepreload" href="./${name}_split.js" crossorigin="anonymous" integrity="${sri(loader)}">`);
    return html;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * `fetchChunk(path)`, prepended to the loader: the response of the chunk the
 * split named `path`, fetched by the file name and with the integrity the
 * integrities file gives it (that file fetched once, with its own integrity;
 * a failed fetch of it is tried again on the next).
 */
const chunkFetcher = (name, integrity) => `let chunkIntegrity;
function fetchChunk(path) {
    chunkIntegrity ??= fetch(new URL("./${name}", import.meta.url), { integrity: "${integrity}" })
        .then((response) => response.ok ? response.json() : Promise.reject(new Error(\`\${response.status} \${response.url}\`)))
        .catch((error) => { chunkIntegrity = undefined; throw error; });
    return chunkIntegrity.then((all) => {
        if (!all[path]) throw new Error(\`no integrity for \${path}\`);
        const [file, integrity] = all[path];
        return fetch(new URL(file, import.meta.url), { integrity });
    });
}
`;

/** The page's `<link … href=…>` tag. */
const linkTo = (href) => new RegExp(`<link[^>]*href="${href.replace(/[.]/g, '\\.')}"[^>]*>`);

/** The page's `<link href=…>` with the integrity of its new contents (if it had one). */
function withIntegrity(html, href, integrity) {
  return html.replace(linkTo(href), (link) => link.replace(/integrity="[^"]*"/, `integrity="${integrity}"`));
}

/** `code` with its `import … from "<from>"` taken from `to` instead (there must be one). */
function importsFrom(code, from, to) {
  const clause = new RegExp(`from\\s*(["'])${from.replace(/[.$]/g, '\\$&')}\\1`, 'g');
  if (!clause.test(code)) throw new Error(`split: the page module and the loader do not import each other (nothing from ${from})`);
  return code.replace(clause, `from"${to}"`);
}

/** `code` (an ES module) minified by terser, from the end-to-end tests' npm packages. */
async function minified(source, code) {
  const api = join(source, 'tests', 'e2e', 'node_modules', 'terser', 'main.js');
  const { minify } = await import(pathToFileURL(api).href);
  const result = await minify(code, { module: true, ecma: 2020, format: { comments: false } });
  return result.code;
}

/**
 * `wasm-opt -Os` on every piece, by binaryen's own API (the npm package behind
 * the `wasm-opt` Trunk runs): loaded once, where the command would start a new
 * binaryen for each of the ~90 pieces (+80 s of CPU, against 17 s this way).
 * `-Os`, not `-Oz`: measured on the same pieces, -Os leaves a little more
 * code but it gzips smaller (the page's module 305.6 → 304.5 KiB, all pieces
 * 1,003.3 → 997.0 KiB gzip -9) and runs in two thirds of the time.
 */
async function optimize(source, files) {
  const api = join(source, 'tests', 'e2e', 'node_modules', 'binaryen', 'index.js');
  const { default: binaryen } = await import(pathToFileURL(api).href);
  binaryen.setOptimizeLevel(2);
  binaryen.setShrinkLevel(1);
  for (const file of files) {
    const module = binaryen.readBinary(await readFile(file));
    try {
      if (!module.validate()) throw new Error(`split: ${file} is not valid wasm`);
      module.optimize();
      // The toolchain's names and the features it was built with: for tools, not browsers.
      module.runPasses(['strip-producers', 'strip-target-features']);
      await writeFile(file, module.emitBinary());
    } finally {
      module.dispose();
    }
  }
}

// Trunk post_build hook, on the staged build:
// 0. splits the page's wasm, so that only the first screen's code loads with the
//    page and every other screen's when it is first opened (scripts/split.mjs);
// 1. moves Trunk's inline loader <script type="module"> into its own file, so the
//    page runs under a Content-Security-Policy with no 'unsafe-inline' for scripts
//    (Trunk cannot do this by itself; trunk-rs/trunk#288);
// 2. names the build by a hash of all its files, writes that name into the page
//    (<meta name="taizhang-build">) and writes the service worker (sw.js) from
//    assets/sw.template.js with the build name and the list of files to keep
//    offline, so a build is cached whole, under its own name.
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { splitPage } from './split.mjs';

const staging = process.env.TRUNK_STAGING_DIR;
const source = process.env.TRUNK_SOURCE_DIR ?? process.cwd();
if (!staging) throw new Error('TRUNK_STAGING_DIR is not set: run me as a Trunk hook');
const page = join(staging, 'index.html');
const sha256 = (data) => createHash('sha256').update(data).digest('hex');

async function externalizeLoader(html) {
  const inline = /<script type="module">([\s\S]*?)<\/script>/;
  const found = html.match(inline);
  if (!found) throw new Error('no inline loader found in index.html');
  const code = found[1].trim() + '\n';
  const name = `loader-${sha256(code).slice(0, 16)}.js`;
  await writeFile(join(staging, name), code);
  return html.replace(inline, `<script type="module" src="./${name}"></script>`);
}

/** Every file of the build but the service worker, sorted, with its bytes. */
async function buildFiles(html) {
  const entries = await readdir(staging, { recursive: true, withFileTypes: true });
  const names = entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath ?? e.path, e.name).slice(staging.length + 1).split('\\').join('/'))
    .filter((name) => name !== 'sw.js')
    .sort();
  return Promise.all(names.map(async (name) => [name, name === 'index.html' ? Buffer.from(html) : await readFile(join(staging, name))]));
}

let html = await splitPage({ staging, source, html: await readFile(page, 'utf8') });
html = await externalizeLoader(html);
const files = await buildFiles(html);
const hash = createHash('sha256');
for (const [name, bytes] of files) hash.update(name).update('\0').update(bytes).update('\0');
const build = hash.digest('hex').slice(0, 12);
html = html.replace('</head>', `  <meta name="taizhang-build" content="${build}" />\n  </head>`);
await writeFile(page, html);
const template = await readFile(join(source, 'assets', 'sw.template.js'), 'utf8');
const worker = template
  .replace("'__BUILD__'", JSON.stringify(build))
  .replace('[/* __FILES__ */]', JSON.stringify(files.map(([name]) => `./${name}`)));
if (worker === template) throw new Error('assets/sw.template.js lacks its placeholders');
await writeFile(join(staging, 'sw.js'), worker);

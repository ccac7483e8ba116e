// Trunk post_build hook: moves Trunk's inline loader <script type="module">
// into its own file, so the page runs under a Content-Security-Policy with
// no 'unsafe-inline' for scripts (Trunk cannot do this by itself; trunk-rs/trunk#288).
import { readFile, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join } from 'node:path';

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) throw new Error('TRUNK_STAGING_DIR is not set: run me as a Trunk hook');
const page = join(staging, 'index.html');
const html = await readFile(page, 'utf8');
const inline = /<script type="module">([\s\S]*?)<\/script>/;
const found = html.match(inline);
if (!found) throw new Error('no inline loader found in index.html');
const code = found[1].trim() + '\n';
const hash = createHash('sha256').update(code).digest('hex').slice(0, 16);
const name = `loader-${hash}.js`;
await writeFile(join(staging, name), code);
await writeFile(page, html.replace(inline, `<script type="module" src="./${name}"></script>`));

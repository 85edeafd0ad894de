// Bundles the browser app into dist/client/. Plain Node ESM so it runs before tsx is involved.
import { build } from 'esbuild';
import { cp, mkdir, readdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'client');
const out = join(root, 'dist', 'client');
const started = performance.now();

await mkdir(out, { recursive: true });
let result;
try {
  result = await build({
    entryPoints: [join(src, 'main.ts')],
    outfile: join(out, 'app.js'),
    bundle: true,
    format: 'esm',
    target: 'es2022',
    platform: 'browser',
    minify: true,
    // Development: a map the browser finds. Otherwise the map is written for decoding stack traces
    // by hand, but app.js does not point to it (and the server does not serve it).
    sourcemap: process.env.NODE_ENV === 'development' ? 'linked' : 'external',
    // Lit's reactive properties rely on accessors on the prototype: class fields must not be defined
    // on instances, so esbuild has to follow the project's tsconfig (useDefineForClassFields: false).
    tsconfig: join(root, 'tsconfig.json'),
    legalComments: 'linked',
    metafile: true,
    logLevel: 'warning',
  });
} catch {
  // esbuild has already printed the errors with file and line
  console.error('client build failed');
  process.exit(1);
}

// Static files: everything in client/ that is not TypeScript source or a component folder.
const entries = await readdir(src, { withFileTypes: true });
await Promise.all(
  entries
    .filter((e) => e.isFile() && !e.name.endsWith('.ts'))
    .map((e) => cp(join(src, e.name), join(out, e.name))),
);
const assets = join(src, 'assets');
if (entries.some((e) => e.isDirectory() && e.name === 'assets')) {
  await cp(assets, join(out, 'assets'), { recursive: true });
}

const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
const ms = Math.round(performance.now() - started);
console.log(`client built: dist/client/app.js (${(bytes / 1024).toFixed(0)} KiB with map) in ${ms} ms`);

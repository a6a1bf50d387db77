// Builds one ESM bundle (plus lazily loaded chunks) into dist/, so every test runs what users run.
// Recipe from shared/STACK.md: ESM output (yoga uses top-level await), a createRequire banner for
// CommonJS dependencies, and react-devtools-core aliased to a stub (marking it external crashes Ink 6.8).
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
await rm(`${root}dist`, { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: { main: 'src/cli/main.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  jsx: 'automatic',
  minifySyntax: true,
  minifyWhitespace: true,
  legalComments: 'none',
  chunkNames: 'chunks/[name]-[hash]',
  // CommonJS dependencies call require() for Node built-ins. Every chunk gets this banner, so the real
  // require is made on first use only: most chunks never call it, and making one costs at start-up.
  banner: {
    js: "import {createRequire as __cr} from 'node:module'; let __rq; const require = (id) => (__rq ??= __cr(import.meta.url))(id);",
  },
  // A native addon cannot be bundled; it is an optional dependency loaded only for --storage keyring.
  external: ['@napi-rs/keyring'],
  alias: { 'react-devtools-core': './scripts/react-devtools-stub.mjs' },
  define: {
    'process.env.NODE_ENV': '"production"',
    __AUTHDECK_VERSION__: JSON.stringify(process.env.npm_package_version ?? '0.0.0'),
  },
  metafile: true,
  logLevel: 'warning',
});
if (process.argv.includes('--analyze')) {
  const { analyzeMetafile } = await import('esbuild');
  console.log(await analyzeMetafile(result.metafile));
}

// Builds one ESM bundle (plus lazily loaded chunks) into dist/, so every test runs what users run.
// Recipe from shared/STACK.md: ESM output (yoga uses top-level await), a createRequire banner for
// CommonJS dependencies, and react-devtools-core aliased to a stub (marking it external crashes Ink 6.8).
import { readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const packageJson = JSON.parse(await readFile(`${root}package.json`, 'utf8'));
let yogaPatched = false;
const YOGA_FETCH = `const fetch = async (url) => {
  if (!String(url).startsWith('data:')) throw new Error('yoga: only its embedded wasm can be loaded');
  const bytes = Buffer.from(String(url).slice(String(url).indexOf(',') + 1), 'base64');
  return { ok: true, arrayBuffer: async () => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) };
};`;
/**
 * esbuild makes every `import()` target an entry point and splits the code those entries share into chunks by
 * which entries reach it: with the source's many small lazy imports, `list --json` loaded 38 modules, each
 * costing its own resolve, read, compile and link (about 15 ms of CPU and more of wall time on a busy machine).
 * The source keeps its lazy imports (they document what a command needs, and tests run the source as it is);
 * in the bundle, a lazy import of one of our own modules becomes a static one, so main.js holds the whole of the
 * plain path. Only what is heavy to load stays lazy, in its own chunks: the HTTP client (undici), Ink and the
 * TUI, the emulator (ws); packages (the file lock: graceful-fs patches fs) keep their lazy imports too. Node's
 * own modules cost next to nothing to import (child_process, crypto, readline: within the noise, measured).
 * `node scripts/build.mjs --analyze` shows what each chunk holds.
 */
const STAYS_LAZY = [/\/src\/ui\//, /\/src\/http\/client\.ts$/, /\/src\/emulator\//];
const startUpInOneChunk = {
  name: 'start-up-in-one-chunk',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/].*\.tsx?$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const eager = [];
      // A type position (`typeof import('…')`) is no import at run time: left as it is.
      const contents = source.replace(/(?<!typeof )\bimport\(\s*'(\.[^']+)'\s*\)/g, (call, spec) => {
        const target = join(dirname(args.path), spec).replace(/\.js$/, '.ts');
        if (STAYS_LAZY.some((re) => re.test(target.replaceAll('\\', '/')))) return call;
        eager.push(`import * as __eager${eager.length} from '${spec}';`);
        return `Promise.resolve(__eager${eager.length - 1})`;
      });
      if (eager.length === 0) return undefined;
      return { contents: `${eager.join('\n')}\n${contents}`, loader: args.path.endsWith('x') ? 'tsx' : 'ts' };
    });
  },
};
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
  plugins: [
    startUpInOneChunk,
    {
      // yoga-layout (Ink's layout engine) embeds its wasm as a data: URL and fetches it with the global fetch,
      // which makes Node load its internal undici (about 20 ms of every TUI start); without a fetch it falls
      // back to a JavaScript base64 decoder that costs some 20 MiB of peak memory. In that one module, `fetch`
      // is a stand-in that answers data: URLs only, decoding with Buffer.
      name: 'yoga-data-url-fetch',
      setup(b) {
        b.onLoad({ filter: /yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/ }, async (args) => {
          yogaPatched = true;
          return { contents: `${YOGA_FETCH}\n${await readFile(args.path, 'utf8')}`, loader: 'js' };
        });
      },
    },
    {
      name: 'commander-lazy-child-process',
      setup(b) {
        b.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
          args.importer.includes('/node_modules/commander/')
            ? { path: `${root}scripts/lazy-child-process.cjs` }
            : undefined,
        );
      },
    },
  ],
  define: {
    'process.env.NODE_ENV': '"production"',
    // From package.json itself, so a bundle built by `node scripts/build.mjs` (not through npm) says the same.
    __AUTHDECK_VERSION__: JSON.stringify(packageJson.version),
  },
  metafile: true,
  logLevel: 'warning',
});
// A renamed yoga file would silently bring the 20 ms back: fail the build instead.
if (!yogaPatched)
  throw new Error('build: yoga-layout’s wasm module was not found; update the yoga plugin in scripts/build.mjs');
if (process.argv.includes('--analyze')) {
  const { analyzeMetafile } = await import('esbuild');
  console.log(await analyzeMetafile(result.metafile));
}

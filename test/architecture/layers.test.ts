/**
 * DESIGN.md's import table, enforced: every import under src/ is read (static, re-export and dynamic), and an
 * arrow the table forbids fails this test. There is no list of exceptions.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

type Folder = 'core' | 'app' | 'store' | 'http' | 'providers' | 'ui' | 'cli' | 'emulator';

/** `node:` modules that do no I/O: the only ones core and app may use. */
const PURE_NODE = new Set(['node:path', 'node:util', 'node:crypto', 'node:buffer', 'node:url', 'node:string_decoder']);

interface Rule {
  /** Folders under src/ it may import statically. */
  folders: Folder[];
  /** Folders it may reach only through a lazy `import()`. */
  lazy?: Folder[];
  /** Whether it may use node: modules that do I/O. */
  io: boolean;
  /** npm packages it may import (`*` for any). */
  packages: string[] | '*';
}

const RULES: Record<Folder, Rule> = {
  core: { folders: ['core'], io: false, packages: [] },
  app: { folders: ['core', 'app'], io: false, packages: [] },
  store: { folders: ['core', 'store'], io: true, packages: '*' },
  http: { folders: ['core', 'http'], io: true, packages: '*' },
  providers: { folders: ['core', 'http', 'providers'], io: true, packages: '*' },
  ui: {
    folders: ['core', 'app', 'ui'],
    io: true,
    packages: ['ink', 'react', 'react/jsx-runtime'],
  },
  cli: {
    folders: ['core', 'app', 'store', 'http', 'providers', 'cli', 'emulator'],
    lazy: ['ui'],
    io: true,
    packages: '*',
  },
  emulator: { folders: ['emulator'], io: true, packages: '*' },
};

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return filesUnder(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

interface Import {
  spec: string;
  lazy: boolean;
}

/** Every module specifier of a file: `import … from`, `export … from`, `import '…'` and `import('…')`. */
function importsOf(text: string): Import[] {
  const out: Import[] = [];
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  for (const m of code.matchAll(
    /(?:^|[;\n}])\s*(?:import|export)\s+(?:type\s+)?[^'"();]*?\bfrom\s*['"]([^'"]+)['"]/g,
  )) {
    out.push({ spec: m[1]!, lazy: false });
  }
  for (const m of code.matchAll(/(?:^|[;\n])\s*import\s*['"]([^'"]+)['"]/g)) out.push({ spec: m[1]!, lazy: false });
  for (const m of code.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push({ spec: m[1]!, lazy: true });
  return out;
}

/**
 * Issue 12: a command module (src/cli/commands/**) parses, makes its service call and renders; it may not import
 * the store, HTTP or the providers, not even their types. The composition root (src/cli/*.ts outside commands/)
 * may: it wires them.
 */
const COMMANDS = join('cli', 'commands');
const NOT_FROM_COMMANDS: ReadonlySet<Folder> = new Set(['store', 'http', 'providers']);

const folderOf = (file: string): Folder | null => {
  const top = relative(SRC, file).split('/')[0]!;
  return top in RULES ? (top as Folder) : null;
};

/** Why an import breaks its folder's rule, or null when it keeps it. */
function breach(from: Folder, file: string, { spec, lazy }: Import): string | null {
  const rule = RULES[from];
  if (spec.startsWith('.')) {
    const to = folderOf(resolve(dirname(file), spec));
    if (to === null) return `${from} imports outside src/`;
    if (relative(SRC, file).startsWith(`${COMMANDS}/`) && NOT_FROM_COMMANDS.has(to))
      return `a command may not import ${to} (only the composition root wires it)`;
    if (rule.folders.includes(to)) return null;
    if (lazy && rule.lazy?.includes(to)) return null;
    return rule.lazy?.includes(to) ? `${from} may import ${to} only lazily` : `${from} may not import ${to}`;
  }
  if (spec.startsWith('node:')) {
    return rule.io || PURE_NODE.has(spec) ? null : `${from} may not use ${spec} (I/O)`;
  }
  if (!spec.startsWith('node:') && /^[a-z_]+$/.test(spec) && !spec.includes('/') && isBuiltin(spec)) {
    return `${spec} without the node: prefix`;
  }
  if (rule.packages === '*' || rule.packages.some((p) => spec === p || spec.startsWith(`${p}/`))) return null;
  return `${from} may not use the package ${spec}`;
}

const BUILTINS = new Set(['fs', 'path', 'os', 'net', 'http', 'https', 'child_process', 'crypto', 'tty', 'url', 'util']);
const isBuiltin = (spec: string) => BUILTINS.has(spec);

function breaches(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of filesUnder(SRC)) {
    const from = folderOf(file);
    if (from === null) continue;
    for (const imp of importsOf(readFileSync(file, 'utf8'))) {
      const why = breach(from, file, imp);
      if (why) found.set(`${relative(SRC, file)} -> ${imp.spec}`, why);
    }
  }
  return found;
}

describe("DESIGN.md's import table", () => {
  it('reads every kind of import', () => {
    const text = [
      "import { a } from './a.js';",
      "import type { B } from '../core/b.js';",
      "export { c } from './c.js';",
      "import './side.js';",
      "const { d } = await import('../ui/d.js');",
      "// import { e } from '../store/e.js';",
      '/* import { f } from "../http/f.js"; */',
      "import {\n  g,\n  h,\n} from 'node:fs';",
    ].join('\n');
    expect(importsOf(text)).toEqual([
      { spec: './a.js', lazy: false },
      { spec: '../core/b.js', lazy: false },
      { spec: './c.js', lazy: false },
      { spec: 'node:fs', lazy: false },
      { spec: './side.js', lazy: false },
      { spec: '../ui/d.js', lazy: true },
    ]);
  });

  it('judges arrows as the table says', () => {
    const at = (folder: string) => join(SRC, folder, 'x.ts');
    expect(breach('core', at('core'), { spec: 'node:fs', lazy: false })).toMatch(/I\/O/);
    expect(breach('core', at('core'), { spec: 'node:path', lazy: false })).toBeNull();
    expect(breach('core', at('core'), { spec: '../store/y.js', lazy: false })).toMatch(/may not import store/);
    expect(breach('core', at('core'), { spec: 'undici', lazy: false })).toMatch(/package undici/);
    expect(breach('ui', at('ui'), { spec: '../providers/y.js', lazy: false })).toMatch(/may not import providers/);
    expect(breach('cli', at('cli'), { spec: '../ui/run.js', lazy: false })).toMatch(/only lazily/);
    expect(breach('cli', at('cli'), { spec: '../ui/run.js', lazy: true })).toBeNull();
    expect(breach('emulator', at('emulator'), { spec: '../http/y.js', lazy: false })).toMatch(/may not import http/);
    expect(breach('providers', at('providers'), { spec: '../http/y.js', lazy: false })).toBeNull();
    const command = join(SRC, 'cli', 'commands', 'x.ts');
    for (const folder of ['store', 'http', 'providers']) {
      expect(breach('cli', command, { spec: `../../${folder}/y.js`, lazy: false })).toMatch(/a command may not/);
      expect(breach('cli', command, { spec: `../../${folder}/y.js`, lazy: true })).toMatch(/a command may not/);
      expect(breach('cli', at('cli'), { spec: `../${folder}/y.js`, lazy: false })).toBeNull();
    }
    expect(breach('cli', command, { spec: '../../app/service.js', lazy: false })).toBeNull();
    expect(breach('cli', command, { spec: '../context.js', lazy: false })).toBeNull();
  });

  it('holds for every import under src/', () => {
    const found = [...breaches()].map(([arrow, why]) => `${arrow}: ${why}`);
    expect(found, 'arrows the table forbids').toEqual([]);
  });
});

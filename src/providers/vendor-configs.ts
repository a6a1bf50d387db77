/**
 * Reading the credentials a vendor's own CLI keeps (providers.md, "Its own config"), for `authdeck import`.
 * Paths follow each vendor's own rules and honour HOME, XDG_CONFIG_HOME and APPDATA as that vendor does; the
 * environment and platform are inputs so tests can point HOME at a temporary directory. The files are reached
 * through {@link VendorFiles}, which the caller gives (the CLI's bounded reader): this module only parses.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Resource } from '../core/adapter.js';
import { inputError } from '../core/errors.js';
import { assertJsonWithinLimits, MAX_IMPORT_BYTES } from '../core/json-limits.js';
import type { FoundCredential, VendorFindings } from '../core/ports.js';
import { jsonErrorMessage } from '../core/redact.js';
import { MAX_SECRET_BYTES } from '../core/secret-input.js';
import { assertSafeUrl, parseKbUrl } from '../core/validate.js';
import { IMPORT_VENDORS, type ImportVendor } from '../core/vocabulary.js';
import { DEFAULT_ENDPOINTS } from './endpoints.js';

export type { FoundCredential, VendorFindings } from '../core/ports.js';

/** The vendors whose CLI config holds durable credentials: named in core, so completion offers them too. */
export { IMPORT_VENDORS, type ImportVendor };

/** Whether authdeck reads this vendor's CLI config. */
export function isImportVendor(name: string): name is ImportVendor {
  return (IMPORT_VENDORS as readonly string[]).includes(name);
}

/** Where to look: the environment and platform of the run. */
export interface VendorLocation {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
}

/** How the readers reach the vendor's files; every read is bounded by the implementation. */
export interface VendorFiles {
  /**
   * A file's text, refused past `maxBytes`; null when it does not exist. Throws a UserError when it cannot be
   * read, is too large, or is not a regular file (a FIFO, a device, a link to `/dev/zero`).
   */
  readText(file: string, maxBytes: number): string | null;
  /** The names in a directory; null when it does not exist. */
  list(dir: string): string[] | null;
}

function home(loc: VendorLocation): string {
  return loc.env.HOME || loc.env.USERPROFILE || homedir();
}

/** The Curvenote CLI's settings file (its `getConfigPath`): APPDATA, else macOS `~/.config`, else `~/.curvenote`. */
export function curvenoteSettingsPath(loc: VendorLocation): string {
  if (loc.env.APPDATA) return join(loc.env.APPDATA, 'curvenote', 'settings.json');
  if (loc.platform === 'darwin') return join(home(loc), '.config', 'curvenote', 'settings.json');
  return join(home(loc), '.curvenote', 'settings.json');
}

/** The Nuclia CLI's config: `~/.nuclia/config` (Python's expanduser: HOME, else USERPROFILE). */
export function nucliaConfigPath(loc: VendorLocation): string {
  return join(home(loc), '.nuclia', 'config');
}

/** The user config directory of the Platform.sh / Upsun CLI. */
export function platformConfigDir(vendor: 'platformsh' | 'upsun', loc: VendorLocation): string {
  return join(home(loc), vendor === 'platformsh' ? '.platformsh' : '.upsun-cli');
}

/**
 * The Appcircle CLI's conf store (env-paths for `@appcircle/cli`): `$XDG_CONFIG_HOME` or `~/.config` on Linux,
 * `~/Library/Preferences` on macOS, `%APPDATA%\…\Config` on Windows.
 */
export function appcircleConfigPath(loc: VendorLocation): string {
  const name = join('@appcircle', 'cli-nodejs');
  if (loc.platform === 'win32' && loc.env.APPDATA) return join(loc.env.APPDATA, name, 'Config', 'config.json');
  if (loc.platform === 'darwin') return join(home(loc), 'Library', 'Preferences', name, 'config.json');
  return join(loc.env.XDG_CONFIG_HOME || join(home(loc), '.config'), name, 'config.json');
}

/** Reads a JSON file: null when absent; a file that is there but not JSON is an input error naming it. */
function readJson(files: VendorFiles, file: string): unknown {
  const text = files.readText(file, MAX_IMPORT_BYTES);
  if (text === null) return null;
  assertJsonWithinLimits(text, file);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw inputError(`${file} is not valid JSON (${jsonErrorMessage(error)}); nothing was imported`);
  }
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (o: Json, k: string): string | undefined =>
  typeof o[k] === 'string' && o[k] !== '' ? (o[k] as string) : undefined;
const list = (o: Json, k: string): unknown[] => (Array.isArray(o[k]) ? (o[k] as unknown[]) : []);

/** Curvenote: `{"tokens":[{"api","email","username","note","token"}],"token":"<current>"}`. */
export function readCurvenote(loc: VendorLocation, files: VendorFiles): VendorFindings {
  const file = curvenoteSettingsPath(loc);
  const raw = readJson(files, file);
  const out: VendorFindings = { files: [file], exists: raw !== null, found: [], problems: [] };
  if (raw === null) return out;
  if (!isObject(raw)) throw inputError(`${file} is not a Curvenote settings file (not a JSON object)`);
  const current = str(raw, 'token');
  const seen = new Set<string>();
  list(raw, 'tokens').forEach((entry, i) => {
    const where = `tokens[${i}]`;
    if (!isObject(entry) || !str(entry, 'token')) {
      out.problems.push(`${file} ${where} has no token`);
      return;
    }
    const secret = str(entry, 'token')!;
    seen.add(secret);
    const found: FoundCredential = {
      provider: 'curvenote',
      kind: 'user',
      secret,
      current: secret === current,
      where,
    };
    const base = str(entry, 'username') ?? str(entry, 'email')?.split('@')[0];
    if (base) found.labelBase = base;
    const api = str(entry, 'api');
    if (api && api.replace(/\/+$/, '') !== DEFAULT_ENDPOINTS.curvenote.api) {
      try {
        found.endpoints = { api: assertSafeUrl(api, 'api') };
      } catch {
        out.problems.push(`${file} ${where}: its api ${JSON.stringify(api)} is not https; the default API is kept`);
      }
    }
    out.found.push(found);
  });
  // A current token that is not in the list (older CLIs kept only `token`).
  if (current && !seen.has(current))
    out.found.push({ provider: 'curvenote', kind: 'user', secret: current, current: true, where: 'token' });
  return sortCurrentFirst(out);
}

/** Nuclia: `token`; `kbs_token[] {id,url,title,token,region}`; `nuas_token[] {client_id,account_type,region,account,token}`. */
export function readNuclia(loc: VendorLocation, files: VendorFiles): VendorFindings {
  const file = nucliaConfigPath(loc);
  const raw = readJson(files, file);
  const out: VendorFindings = { files: [file], exists: raw !== null, found: [], problems: [] };
  if (raw === null) return out;
  if (!isObject(raw)) throw inputError(`${file} is not a Nuclia config (not a JSON object)`);
  const defaults = isObject(raw.default) ? raw.default : {};
  const user = str(raw, 'token');
  if (user) out.found.push({ provider: 'nuclia', kind: 'user', secret: user, current: true, where: 'token' });
  list(raw, 'kbs_token').forEach((entry, i) => {
    const where = `kbs_token[${i}]`;
    if (!isObject(entry) || !str(entry, 'token')) return; // a KB selected without a key: nothing to import
    const id = str(entry, 'id');
    let url: string;
    try {
      url = parseKbUrl(str(entry, 'url') ?? '');
    } catch (error) {
      out.problems.push(`${file} ${where}: ${(error as Error).message}`);
      return;
    }
    const resource: Resource = {};
    if (id) resource.kbId = id;
    const title = str(entry, 'title');
    if (title) resource.title = title;
    const region = str(entry, 'region');
    if (region) resource.region = region;
    const found: FoundCredential = {
      provider: 'nuclia',
      kind: 'kb',
      secret: str(entry, 'token')!,
      url,
      resource,
      current: id !== undefined && id === str(defaults, 'kbid'),
      where,
    };
    const base = str(entry, 'slug') ?? title ?? id;
    if (base) found.labelBase = base;
    out.found.push(found);
  });
  list(raw, 'nuas_token').forEach((entry, i) => {
    const where = `nuas_token[${i}]`;
    if (!isObject(entry) || !str(entry, 'token')) {
      out.problems.push(`${file} ${where} has no token`);
      return;
    }
    const clientId = str(entry, 'client_id');
    const resource: Resource = {};
    const account = str(entry, 'account');
    if (account) resource.accountId = account;
    const region = str(entry, 'region');
    if (region) resource.region = region;
    const found: FoundCredential = {
      provider: 'nuclia',
      kind: 'processing',
      secret: str(entry, 'token')!,
      resource,
      current: clientId !== undefined && clientId === str(defaults, 'nua'),
      where,
    };
    const base = account ?? clientId;
    if (base) found.labelBase = base;
    out.found.push(found);
  });
  return sortCurrentFirst(out);
}

/**
 * Platform.sh / Upsun: without a keychain, `auth:api-token-login` keeps the raw token in
 * `<config dir>/.session/sess-cli-<session id>/api-token`; every session found is imported, labelled by its
 * session id, the current one (`<PREFIX>_SESSION_ID`, else the `session-id` file, else `default`) first.
 */
export function readPlatform(vendor: 'platformsh' | 'upsun', loc: VendorLocation, files: VendorFiles): VendorFindings {
  const dir = platformConfigDir(vendor, loc);
  const sessions = join(dir, '.session');
  const out: VendorFindings = {
    files: [join(sessions, 'sess-cli-default', 'api-token')],
    exists: false,
    found: [],
    problems: [],
  };
  const listed = files.list(sessions);
  if (listed === null) return out;
  const entries = listed.filter((name) => name.startsWith('sess-cli-')).sort();
  const readText = (file: string) => files.readText(file, MAX_SECRET_BYTES)?.trim() ?? null;
  const envPrefix = vendor === 'platformsh' ? 'PLATFORMSH_CLI' : 'UPSUN_CLI';
  const currentId =
    loc.env[`${envPrefix}_SESSION_ID`] ||
    readText(join(dir, 'session-id')) ||
    readText(join(sessions, 'session-id')) ||
    'default';
  out.files = entries.map((name) => join(sessions, name, 'api-token'));
  for (const name of entries) {
    const file = join(sessions, name, 'api-token');
    const token = readText(file);
    if (token === null) continue;
    out.exists = true;
    if (!token) {
      out.problems.push(`${file} is empty`);
      continue;
    }
    const sessionId = name.slice('sess-cli-'.length);
    out.found.push({
      provider: vendor,
      kind: 'user',
      secret: token,
      labelBase: sessionId,
      current: sessionId === currentId,
      where: file,
    });
  }
  return sortCurrentFirst(out);
}

/** The vendor CLI's current credential first: the first stored of a provider and kind becomes active. */
function sortCurrentFirst(out: VendorFindings): VendorFindings {
  out.found.sort((a, b) => Number(b.current) - Number(a.current));
  return out;
}

/** Reads one vendor's config. */
export function readVendor(vendor: ImportVendor, loc: VendorLocation, files: VendorFiles): VendorFindings {
  switch (vendor) {
    case 'curvenote':
      return readCurvenote(loc, files);
    case 'nuclia':
      return readNuclia(loc, files);
    case 'platformsh':
    case 'upsun':
      return readPlatform(vendor, loc, files);
  }
}

/** Whether the Appcircle CLI has a (short-lived) session stored: said in the message, never imported. */
export function appcircleHasSession(loc: VendorLocation, files: VendorFiles): { file: string; found: boolean } {
  const file = appcircleConfigPath(loc);
  let found = false;
  try {
    const raw = readJson(files, file);
    if (isObject(raw) && isObject(raw.envs)) {
      found = Object.values(raw.envs).some(
        (e) => isObject(e) && typeof e.AC_ACCESS_TOKEN === 'string' && e.AC_ACCESS_TOKEN !== '',
      );
    }
  } catch {}
  return { file, found };
}

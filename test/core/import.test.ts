import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { vendorFiles } from '../../src/cli/read-input.js';
import { parseImportFile } from '../../src/core/import-file.js';
import { providers } from '../../src/providers/registry.js';
import {
  appcircleConfigPath,
  appcircleHasSession,
  curvenoteSettingsPath,
  readVendor,
  type VendorLocation,
} from '../../src/providers/vendor-configs.js';
import { tempDir } from '../support/fixtures.js';

const linux = (home: string, extra: NodeJS.ProcessEnv = {}): VendorLocation => ({
  env: { HOME: home, ...extra },
  platform: 'linux',
});

function write(file: string, text: string): void {
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, text);
}

describe('vendor config paths honour HOME, XDG_CONFIG_HOME and APPDATA as each vendor does', () => {
  it('Curvenote: APPDATA, else ~/.config on macOS, else ~/.curvenote', () => {
    expect(curvenoteSettingsPath(linux('/h'))).toBe('/h/.curvenote/settings.json');
    expect(curvenoteSettingsPath({ env: { HOME: '/h' }, platform: 'darwin' })).toBe(
      '/h/.config/curvenote/settings.json',
    );
    expect(curvenoteSettingsPath({ env: { HOME: '/h', APPDATA: '/a' }, platform: 'win32' })).toBe(
      '/a/curvenote/settings.json',
    );
  });
  it('Appcircle: XDG_CONFIG_HOME, else ~/.config', () => {
    expect(appcircleConfigPath(linux('/h'))).toBe('/h/.config/@appcircle/cli-nodejs/config.json');
    expect(appcircleConfigPath(linux('/h', { XDG_CONFIG_HOME: '/x' }))).toBe('/x/@appcircle/cli-nodejs/config.json');
  });
});

describe('reading vendor configs', () => {
  it('Curvenote: every token, the current one first, username as the label base, api kept when not the default', () => {
    const home = tempDir();
    write(
      join(home, '.curvenote/settings.json'),
      JSON.stringify({
        tokens: [
          {
            api: 'https://scms.curvenote.com/v1',
            username: 'alice',
            email: 'a@x.org',
            note: 'laptop',
            token: 'tok-alice-aaaaaaaaaaaa',
          },
          { api: 'https://scms.curvenote.dev/v1', email: 'bob@x.org', token: 'tok-bob-bbbbbbbbbbbbbb' },
          { username: 'broken' },
        ],
        token: 'tok-bob-bbbbbbbbbbbbbb',
      }),
    );
    const out = readVendor('curvenote', linux(home), vendorFiles);
    expect(out.exists).toBe(true);
    expect(out.found.map((f) => [f.labelBase, f.current, f.endpoints])).toEqual([
      ['bob', true, { api: 'https://scms.curvenote.dev/v1' }],
      ['alice', false, undefined],
    ]);
    expect(out.problems).toEqual([expect.stringContaining('tokens[2] has no token')]);
  });

  it('Curvenote: an absent file is not found; a broken one is an input error naming it', () => {
    const home = tempDir();
    expect(readVendor('curvenote', linux(home), vendorFiles).exists).toBe(false);
    write(join(home, '.curvenote/settings.json'), '{oops');
    expect(() => readVendor('curvenote', linux(home), vendorFiles)).toThrow(/settings\.json is not valid JSON/);
  });

  it('Nuclia: the user token, KB keys with their URL and title, NUA keys; defaults first', () => {
    const home = tempDir();
    write(
      join(home, '.nuclia/config'),
      JSON.stringify({
        token: 'nuclia-user-token-xxxxxxxx',
        kbs_token: [
          {
            id: 'kb1',
            url: 'https://europe-1.dp.progress.cloud/api/v1/kb/kb1',
            title: 'Docs',
            token: 'kb-key-1-xxxxxxxxxxxx',
            region: 'europe-1',
          },
          {
            id: 'kb2',
            url: 'https://europe-1.dp.progress.cloud/api/v1/kb/kb2',
            title: 'Support',
            token: 'kb-key-2-xxxxxxxxxxxx',
          },
          { id: 'kb3', url: 'ftp://nope', token: 'kb-key-3-xxxxxxxxxxxx' },
          { id: 'kb4', url: 'https://europe-1.dp.progress.cloud/api/v1/kb/kb4' },
        ],
        nuas_token: [
          {
            client_id: 'c1',
            account_type: 'stash-trial',
            region: 'https://europe-1.dp.progress.cloud',
            account: 'acme',
            token: 'nua-key-xxxxxxxxxxxx',
          },
        ],
        default: { kbid: 'kb2', nua: 'c1' },
      }),
    );
    const out = readVendor('nuclia', linux(home), vendorFiles);
    expect(out.found.map((f) => [f.kind, f.labelBase, f.current, f.url])).toEqual([
      ['user', undefined, true, undefined],
      ['kb', 'Support', true, 'https://europe-1.dp.progress.cloud/api/v1/kb/kb2'],
      ['processing', 'acme', true, undefined],
      ['kb', 'Docs', false, 'https://europe-1.dp.progress.cloud/api/v1/kb/kb1'],
    ]);
    expect(out.found[3]!.resource).toEqual({ kbId: 'kb1', title: 'Docs', region: 'europe-1' });
    expect(out.problems).toEqual([expect.stringContaining('kbs_token[2]')]);
  });

  it.each(['platformsh', 'upsun'] as const)('%s: every session directory, the current session first', (vendor) => {
    const home = tempDir();
    const dir = join(home, vendor === 'platformsh' ? '.platformsh' : '.upsun-cli', '.session');
    write(join(dir, 'sess-cli-default', 'api-token'), 'token-default-xxxxxxxx\n');
    write(join(dir, 'sess-cli-work', 'api-token'), 'token-work-xxxxxxxxxxx');
    mkdirSync(join(dir, 'sess-cli-empty'));
    const prefix = vendor === 'platformsh' ? 'PLATFORMSH_CLI' : 'UPSUN_CLI';
    const out = readVendor(vendor, linux(home, { [`${prefix}_SESSION_ID`]: 'work' }), vendorFiles);
    expect(out.found.map((f) => [f.provider, f.labelBase, f.secret, f.current])).toEqual([
      [vendor, 'work', 'token-work-xxxxxxxxxxx', true],
      [vendor, 'default', 'token-default-xxxxxxxx', false],
    ]);
    expect(readVendor(vendor, linux(tempDir()), vendorFiles).exists).toBe(false);
  });

  it('Appcircle: only a session token, which is noticed but never imported', () => {
    const home = tempDir();
    expect(appcircleHasSession(linux(home), vendorFiles).found).toBe(false);
    write(
      join(home, '.config/@appcircle/cli-nodejs/config.json'),
      JSON.stringify({ current: 'default', envs: { default: { AC_ACCESS_TOKEN: 'short-lived' } } }),
    );
    expect(appcircleHasSession(linux(home), vendorFiles).found).toBe(true);
  });
});

describe('the provisioning file', () => {
  const good = [
    { provider: 'curvenote', kind: 'user', label: 'bot-a', secret: '  tok-a-xxxxxxxxxxxxxxx\n' },
    {
      provider: 'nuclia',
      kind: 'kb',
      label: 'docs',
      secret: 'kb-key-xxxxxxxxxxxx',
      url: 'https://europe-1.dp.progress.cloud/api/v1/kb/k1',
    },
    {
      provider: 'bearer',
      label: 'api',
      secret: 'bearer-xxxxxxxxxxxxx',
      endpoints: { whoami: 'https://api.example.com/me' },
    },
  ];

  it('cleans secrets like pasted ones and keeps url and endpoints', () => {
    const inputs = parseImportFile(JSON.stringify(good), providers);
    expect(inputs).toEqual([
      { provider: 'curvenote', kind: 'user', label: 'bot-a', secret: 'tok-a-xxxxxxxxxxxxxxx' },
      {
        provider: 'nuclia',
        kind: 'kb',
        label: 'docs',
        secret: 'kb-key-xxxxxxxxxxxx',
        url: 'https://europe-1.dp.progress.cloud/api/v1/kb/k1',
      },
      {
        provider: 'bearer',
        kind: 'user',
        label: 'api',
        secret: 'bearer-xxxxxxxxxxxxx',
        endpoints: { whoami: 'https://api.example.com/me' },
      },
    ]);
  });

  it('names every bad entry and field, never a secret, and stores nothing', () => {
    const bad = [
      ...good,
      { provider: 'github', label: 'x', secret: 'SECRET-ONE-xxxxxxxx' },
      { provider: 'curvenote', kind: 'kb', label: 'x', secret: 'SECRET-TWO-xxxxxxxx' },
      { provider: 'curvenote', label: 'bad label', secret: 'SECRET-THREE-xxxxxx' },
      { provider: 'curvenote', label: 'x', secret: 'has inner SECRET-FOUR' },
      { provider: 'nuclia', kind: 'kb', label: 'y', secret: 'SECRET-FIVE-xxxxxxx' },
      { provider: 'curvenote', label: 'bot-a', secret: 'SECRET-SIX-xxxxxxxxx' },
      { provider: 'bearer', label: 'z', secret: 'SECRET-SEVEN-xxxxxx', endpoints: { whoami: 'http://example.com' } },
      { provider: 'etm', label: 'e', secret: 'SECRET-EIGHT-xxxxxx', lable: 'typo' },
      'nope',
    ];
    let message = '';
    try {
      parseImportFile(JSON.stringify(bad), providers, 'f.json');
    } catch (error) {
      message = (error as Error).message;
      expect((error as { code: number }).code).toBe(2);
    }
    expect(message).toMatch(/^f\.json has 9 bad entries: /);
    expect(message).toContain('entry 4: provider "github" is not one of');
    expect(message).toContain('entry 5: curvenote has no kind "kb"');
    expect(message).toContain('entry 6: label "bad label"');
    expect(message).toContain('entry 7: the token contains whitespace');
    expect(message).toContain('entry 8: a KB key needs its knowledge box "url"');
    expect(message).toContain('entry 9: the label curvenote/user/bot-a is also used by entry 1');
    expect(message).toContain('entry 10: endpoint whoami must use https');
    expect(message).toContain('entry 11: unknown field "lable"');
    expect(message).toContain('entry 12: is not an object');
    expect(message).toMatch(/nothing was stored$/);
    expect(message).not.toMatch(/SECRET/);
  });

  it('refuses what is not a JSON list', () => {
    expect(() => parseImportFile('{"provider":"x"}', providers)).toThrow(/must be a JSON list/);
    expect(() => parseImportFile('[', providers)).toThrow(/not valid JSON/);
  });
});

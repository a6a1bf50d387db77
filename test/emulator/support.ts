// Shared helpers for the emulator tests: plain `fetch` against a started emulator, as any client would.
import { request } from 'node:http';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import {
  type EmulatedProvider,
  type EmulatorOptions,
  type EmulatorSeed,
  type RunningEmulator,
  type SeedKind,
  startEmulator,
} from '../../src/emulator/index.js';

/** An answer, with its body parsed as JSON when it is JSON. */
export interface Reply {
  status: number;
  headers: Headers;
  body: unknown;
  text: string;
}

/** `fetch` that always reads the body. */
export async function call(url: string, init: RequestInit = {}): Promise<Reply> {
  const res = await fetch(url, init);
  const text = await res.text();
  let body: unknown = null;
  if (text !== '') {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  return { status: res.status, headers: res.headers, body, text };
}

/** Follows `keys` into a JSON value; undefined when any step is missing. */
export function pick(value: unknown, ...keys: Array<string | number>): unknown {
  let cursor = value;
  for (const key of keys) {
    if (typeof cursor !== 'object' || cursor === null) return undefined;
    cursor = (cursor as Record<string | number, unknown>)[key];
  }
  return cursor;
}

/** Like `pick`, but the value must be a string. */
export function pickString(value: unknown, ...keys: Array<string | number>): string {
  const found = pick(value, ...keys);
  if (typeof found !== 'string')
    throw new Error(`expected a string at ${keys.join('.')}, got ${JSON.stringify(found)}`);
  return found;
}

/** Like `pick`, but the value must be an array. */
export function pickArray(value: unknown, ...keys: Array<string | number>): unknown[] {
  const found = keys.length === 0 ? value : pick(value, ...keys);
  if (!Array.isArray(found)) throw new Error(`expected an array at ${keys.join('.')}, got ${JSON.stringify(found)}`);
  return found;
}

/** The payload of a JWT (an `etm_` prefix is stripped), decoded without verification, as clients do. */
export function claimsOf(token: string): Record<string, unknown> {
  const jwt = token.startsWith('etm_') ? token.slice(4) : token;
  const payload = jwt.split('.')[1];
  if (!payload) throw new Error('not a JWT');
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** `Authorization: Bearer` plus any other headers. */
export function bearer(token: string, extra: Record<string, string> = {}): Record<string, string> {
  return { authorization: `Bearer ${token}`, ...extra };
}

/** A form-encoded POST. */
export function formPost(fields: Record<string, string>, headers: Record<string, string> = {}): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', ...headers },
    body: new URLSearchParams(fields).toString(),
  };
}

/** A JSON request. */
export function jsonRequest(method: string, body: unknown, headers: Record<string, string> = {}): RequestInit {
  return { method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

/** The seed entry of a provider, kind and label; throws when there is none. */
export function seedOf(emu: RunningEmulator, provider: EmulatedProvider, kind: SeedKind, label: string): EmulatorSeed {
  const found = emu.seed.find((s) => s.provider === provider && s.kind === kind && s.label === label);
  if (!found) throw new Error(`no seed ${provider}/${kind}/${label}`);
  return found;
}

/**
 * Calls a `/_emulator/` control over a connection of its own. Not `fetch`: its pool may send a control over a
 * kept-alive socket the server has just closed (`UND_ERR_SOCKET other side closed`), and a control is not
 * safe to resend blindly (mint, revoke).
 */
export function control(emu: RunningEmulator, path: string, body?: unknown, method = 'POST'): Promise<Reply> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      `${emu.url}/_emulator/${path}`,
      {
        method,
        agent: false,
        headers:
          payload === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => {
          text += d;
        });
        res.on('error', reject);
        res.on('end', () => {
          const headers = new Headers();
          for (const [name, value] of Object.entries(res.headers)) {
            for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, v);
          }
          let parsed: unknown = null;
          if (text !== '') {
            try {
              parsed = JSON.parse(text);
            } catch {
              parsed = text;
            }
          }
          resolve({ status: res.statusCode ?? 0, headers, body: parsed, text });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** Starts one emulator for the file and resets it before each test, so tests never see each other's changes. */
export function startEmulatorForFile(options: EmulatorOptions = {}): { current: RunningEmulator } {
  const holder = {} as { current: RunningEmulator };
  beforeAll(async () => {
    holder.current = await startEmulator(options);
  });
  afterAll(async () => {
    await holder.current?.close();
  });
  beforeEach(async () => {
    const reply = await control(holder.current, 'reset');
    if (reply.status !== 200) throw new Error(`reset failed: ${reply.status}`);
  });
  return holder;
}

/** Seconds since the epoch now. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

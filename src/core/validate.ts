import type { Provider } from '../providers/types.js';
import { inputError } from './errors.js';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** True for 127.0.0.0/8, localhost and ::1. */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK.has(hostname) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/** A URL a secret may be sent to: https, or http only on loopback (the emulator). */
export function assertSafeUrl(value: string, what: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw inputError(`${what} ${JSON.stringify(value)} is not a URL`);
  }
  if (url.protocol === 'https:') return value.replace(/\/+$/, '');
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return value.replace(/\/+$/, '');
  throw inputError(`${what} must use https (http is allowed only on loopback): ${JSON.stringify(value)}`);
}

/** Validates a Nuclia KB URL: safe, and shaped `…/api/v1/kb/<kbid>`. */
export function parseKbUrl(value: string): string {
  const url = assertSafeUrl(value, 'the KB URL');
  if (!/\/api\/v1\/kb\/[^/]+$/.test(url)) {
    throw inputError(
      `the KB URL must end in /api/v1/kb/<kbid>: ${JSON.stringify(value)}`,
      'for example https://europe-1.dp.progress.cloud/api/v1/kb/0123abcd',
    );
  }
  return url;
}

/** Parses repeated `--endpoint NAME=URL` against the provider's endpoint names. */
export function parseEndpointFlags(provider: Provider, flags: readonly string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  const names = Object.keys(provider.endpoints);
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    const name = eq > 0 ? flag.slice(0, eq) : '';
    if (!name || eq === flag.length - 1) {
      throw inputError(
        `--endpoint must be NAME=URL, got ${JSON.stringify(flag)}`,
        `${provider.id} endpoints: ${names.join(', ')}`,
      );
    }
    if (!names.includes(name)) {
      throw inputError(
        `${provider.id} has no endpoint ${JSON.stringify(name)}`,
        `${provider.id} endpoints: ${names.join(', ')}`,
      );
    }
    out[name] = assertSafeUrl(flag.slice(eq + 1), `--endpoint ${name}`);
  }
  return out;
}

import type { Provider } from './adapter.js';
import { inputError } from './errors.js';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** True for 127.0.0.0/8, localhost and ::1. */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK.has(hostname) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/**
 * THE rule of where a secret may go (DESIGN.md *Security rules*), whatever the URL's source — a default,
 * `--endpoint`, `AUTHDECK_ENDPOINTS`, a KB URL, a claim inside a token, a redirect: https, or http to a loopback
 * host only. Null when a secret may be sent there, else why not (`is not https (…)`, `is not a URL`).
 * The HTTP client applies it to every request that carries a secret; input paths apply it earlier so that a
 * user's mistake is an input error (exit 2) naming its source.
 */
export function secretDestinationProblem(value: string | URL): string | null {
  let url: URL;
  try {
    url = typeof value === 'string' ? new URL(value) : value;
  } catch {
    return 'is not a URL';
  }
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return null;
  if (url.protocol === 'http:') return 'is not https (http is allowed only on loopback)';
  return `is not https (${url.protocol.replace(/:$/, '')} is not an HTTP scheme)`;
}

/** A URL a secret may be sent to, by {@link secretDestinationProblem}; else an input error naming `what`. */
export function assertSafeUrl(value: string, what: string): string {
  const problem = secretDestinationProblem(value);
  if (problem === 'is not a URL') throw inputError(`${what} ${JSON.stringify(value)} is not a URL`);
  if (problem) throw inputError(`${what} must use https (http is allowed only on loopback): ${JSON.stringify(value)}`);
  return value.replace(/\/+$/, '');
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

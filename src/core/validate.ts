import { inputError } from './errors.js';
import type { CredentialKind } from './vocabulary.js';

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

/**
 * What is wrong with an endpoint URL typed on a screen (`title` names it, e.g. "who-am-I URL"), or null. An empty
 * field keeps the default; it is refused only where there is none (`required`).
 */
export function typedEndpointProblem(value: string, title: string, required: boolean): string | null {
  const url = value.trim();
  if (url === '') return required ? `the ${title} is needed: without it the token cannot be checked` : null;
  const problem = secretDestinationProblem(url);
  return problem ? `the ${title} ${problem}` : null;
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

/**
 * The one check of endpoint overrides, wherever they come from (`--endpoint`, an import file, `AUTHDECK_ENDPOINTS`,
 * the TUI's endpoints screen): each name is one of the provider's, each URL a string the destination rule allows
 * (its trailing slashes dropped). `what` names a URL in messages (`--endpoint api`, `endpoint api`…).
 */
export function endpointOverrides(
  provider: {
    id: string;
    names: readonly string[] /** Where the overrides come from, when a message must say. */;
    from?: string;
  },
  pairs: Iterable<readonly [string, unknown]>,
  what: (name: string) => string,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, url] of pairs) {
    if (!provider.names.includes(name)) {
      throw inputError(
        `${provider.from ? `${provider.from}: ` : ''}${provider.id} has no endpoint ${JSON.stringify(name)}`,
        `${provider.id} endpoints: ${provider.names.join(', ')}`,
      );
    }
    if (typeof url !== 'string') throw inputError(`${what(name)} must be a URL string`);
    out[name] = assertSafeUrl(url, what(name));
  }
  return out;
}

/**
 * Validates provider and kind names from the command line against the providers authdeck ships (exit 2 listing
 * the known ones).
 */
export function parseProviderKind<P extends { id: string; kinds: readonly string[] }>(
  providers: readonly P[],
  providerName: string,
  kindName = 'user',
): { provider: P; kind: CredentialKind } {
  const provider = providers.find((p) => p.id === providerName);
  if (!provider) {
    throw inputError(
      `unknown provider ${JSON.stringify(providerName)}`,
      `known providers: ${providers.map((p) => p.id).join(', ')}`,
    );
  }
  if (!provider.kinds.includes(kindName)) {
    throw inputError(
      `${provider.id} has no kind ${JSON.stringify(kindName)}`,
      `${provider.id} kinds: ${provider.kinds.join(', ')}`,
    );
  }
  return { provider, kind: kindName as CredentialKind };
}

/** Parses repeated `--endpoint NAME=URL` against the provider's endpoint names. */
export function parseEndpointFlags(
  provider: { id: string; endpoints: Record<string, string> },
  flags: readonly string[] = [],
): Record<string, string> {
  const names = Object.keys(provider.endpoints);
  const pairs = flags.map((flag): [string, string] => {
    const eq = flag.indexOf('=');
    const name = eq > 0 ? flag.slice(0, eq) : '';
    if (!name || eq === flag.length - 1) {
      throw inputError(
        `--endpoint must be NAME=URL, got ${JSON.stringify(flag)}`,
        `${provider.id} endpoints: ${names.join(', ')}`,
      );
    }
    return [name, flag.slice(eq + 1)];
  });
  return endpointOverrides({ id: provider.id, names }, pairs, (name) => `--endpoint ${name}`);
}

/**
 * The provider context of commands that may talk to a service, kept apart from the token operations so that
 * `env` and `secret` load only this (and the HTTP client only on a first request).
 */
import type { HttpRequester, ProviderContext } from '../core/adapter.js';
import type { HttpClient } from '../core/ports.js';
import { ports } from './ports.js';

/**
 * Runs `work` with a provider context whose HTTP client is created on the first request and closed
 * afterwards: work that never talks to a service (`env` for most providers) never loads the client.
 */
export async function withProviderContext<T>(
  secrets: string[],
  work: (ctx: ProviderContext) => Promise<T>,
  timeoutMs = 15_000,
): Promise<T> {
  let client: Promise<{ http: HttpClient; requester: HttpRequester }> | undefined;
  const connect = () => {
    client ??= ports()
      .http.open({ timeoutMs })
      .then((http) => ({ http, requester: http.forDeadline(timeoutMs, secrets) }));
    return client;
  };
  try {
    return await work({
      http: { request: async (options) => (await connect()).requester.request(options) },
      sessions: ports().http.sessionCache(),
      now: () => new Date(),
    });
  } finally {
    if (client) await (await client).http.close();
  }
}

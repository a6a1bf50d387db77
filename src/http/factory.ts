/**
 * The HTTP client as the app layer's HttpFactory port: undici and the client are loaded on the first `open`,
 * so work that never talks to a service never loads them.
 */
import type { LookupFunction } from 'node:net';
import type { HttpFactory } from '../core/ports.js';
import { createSessionCache } from './sessions.js';

export const httpFactory: HttpFactory = {
  async open({ timeoutMs, connections, lookup }) {
    const { createHttp } = await import('./client.js');
    return createHttp({ timeoutMs, connections, lookup: lookup as LookupFunction | undefined });
  },
  sessionCache: () => createSessionCache(),
};

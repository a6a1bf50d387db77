/**
 * The last vendor requests, for contract tests that assert what an adapter sends. Only names are kept
 * (header names, body field names), never values, so the log itself never holds a secret; the one exception is
 * the few headers by which a client names itself ({@link CLIENT_HEADERS}), which never carry one.
 */
import type { EmulatedProvider } from './types.js';

/**
 * Headers whose values are logged: how a client names itself (Curvenote's `X-Client-Name`/`X-Client-Version`,
 * Nuclia's `x-ndb-client`, and `User-Agent`). Nothing else's value is ever kept.
 */
export const CLIENT_HEADERS = ['user-agent', 'x-client-name', 'x-client-version', 'x-ndb-client'] as const;

/** One logged vendor request. */
export interface LoggedRequest {
  /** ISO time of arrival. */
  at: string;
  provider: EmulatedProvider | null;
  method: string;
  path: string;
  /** Query parameters (the vendors' queries carry no secrets: `page`, `per_page`). */
  query: Record<string, string>;
  /** Lowercased header names, in the order sent. */
  headerNames: string[];
  /** Values of the {@link CLIENT_HEADERS} the request carried, by lowercased name. */
  client: Record<string, string>;
  /** Media type of the body, without parameters, or null. */
  contentType: string | null;
  /** Scheme of `Authorization` (`Bearer`, `Basic`), or null. */
  authScheme: string | null;
  /** Field names of a form or JSON-object body. */
  bodyKeys: string[];
  bodyBytes: number;
  /** The status answered; null while pending or when the connection was dropped. */
  status: number | null;
}

/** A ring of the last `capacity` requests. */
export class RequestLog {
  #entries: LoggedRequest[] = [];

  constructor(readonly capacity = 500) {}

  /** Appends an entry (dropping the oldest past capacity) and returns it, so its status can be filled in later. */
  record(entry: LoggedRequest): LoggedRequest {
    this.#entries.push(entry);
    if (this.#entries.length > this.capacity) this.#entries.splice(0, this.#entries.length - this.capacity);
    return entry;
  }

  /** Oldest first, optionally only one provider's. */
  list(provider?: string | null): LoggedRequest[] {
    return provider ? this.#entries.filter((entry) => entry.provider === provider) : [...this.#entries];
  }

  /** Forgets everything. */
  clear(): void {
    this.#entries = [];
  }
}

/**
 * Path routing for the vendors' routes. Strict on purpose: no trailing-slash folding and no case folding,
 * because an adapter that builds a wrong URL must fail here as it would against the real host.
 */
import type { Handler, Route } from './types.js';

/** The outcome of matching a request against the table. */
export type RouteMatch =
  | { kind: 'found'; handle: Handler; params: Record<string, string> }
  | { kind: 'wrong_method'; allowed: string[] }
  | { kind: 'none' };

interface CompiledRoute {
  method: string;
  segments: string[];
  /** A final `*` matches any number (even zero) of further segments. */
  wildcard: boolean;
  handle: Handler;
}

function compile(route: Route): CompiledRoute {
  const segments = route.path.split('/');
  const wildcard = segments.at(-1) === '*';
  return {
    method: route.method,
    segments: wildcard ? segments.slice(0, -1) : segments,
    wildcard,
    handle: route.handle,
  };
}

function matchSegments(route: CompiledRoute, parts: string[]): Record<string, string> | null {
  if (route.wildcard ? parts.length < route.segments.length : parts.length !== route.segments.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < route.segments.length; i++) {
    const pattern = route.segments[i] as string;
    const part = parts[i] as string;
    if (pattern.startsWith(':')) {
      if (part === '') return null;
      try {
        params[pattern.slice(1)] = decodeURIComponent(part);
      } catch {
        return null;
      }
    } else if (pattern !== part) return null;
  }
  return params;
}

/** A fixed table of routes, matched in order. */
export class Router {
  readonly #routes: CompiledRoute[];

  constructor(routes: Iterable<Route>) {
    this.#routes = [...routes].map(compile);
  }

  /** The handler for `method path`, or which methods the path allows (for a 405), or nothing (404). */
  match(method: string, path: string): RouteMatch {
    const parts = path.split('/');
    const allowed: string[] = [];
    for (const route of this.#routes) {
      const params = matchSegments(route, parts);
      if (!params) continue;
      if (route.method === method) return { kind: 'found', handle: route.handle, params };
      allowed.push(route.method);
    }
    return allowed.length > 0 ? { kind: 'wrong_method', allowed: [...new Set(allowed)] } : { kind: 'none' };
  }
}

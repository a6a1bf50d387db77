/**
 * Offline JWT reading for `inspect`: claims without verifying the signature (as the vendors' own CLIs do).
 * Nothing here throws, whatever the input.
 */
import { jwtDecode } from 'jwt-decode';
import type { Identity } from '../core/adapter.js';

/** Decoded JWT claims. */
export type Claims = Record<string, unknown>;

/** A JWT is three base64url parts; anything else is not worth handing to the decoder. */
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** The claims of a JWT, or null when the text is not one (or its payload is not a JSON object). */
export function decodeClaims(token: string): Claims | null {
  if (typeof token !== 'string' || token.length > 16 * 1024 || !JWT_SHAPE.test(token)) return null;
  try {
    const claims: unknown = jwtDecode(token);
    return typeof claims === 'object' && claims !== null && !Array.isArray(claims) ? (claims as Claims) : null;
  } catch {
    return null;
  }
}

/** A string claim, or undefined. Numbers are accepted for ids. */
export function claimString(claims: Claims | null | undefined, name: string): string | undefined {
  const value = claims?.[name];
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** The `exp` claim as an ISO date; null when absent (never expires) or not a usable number. */
export function expiryFromClaims(claims: Claims | null | undefined): string | null {
  const exp = claims?.exp;
  if (typeof exp !== 'number' || !Number.isFinite(exp)) return null;
  const date = new Date(exp * 1000);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** A space-separated string claim or an array of strings, as a list (`aud`, `scopes`). */
export function claimList(claims: Claims | null | undefined, name: string): string[] | undefined {
  const value = claims?.[name];
  if (typeof value === 'string') return value.split(/\s+/).filter(Boolean);
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string' && v !== '');
  return undefined;
}

/** The identity claims most tokens carry (`email`, `name`, `preferred_username`), or undefined if none. */
export function identityFromClaims(claims: Claims | null | undefined): Identity | undefined {
  const identity: Identity = {};
  const username = claimString(claims, 'username') ?? claimString(claims, 'preferred_username');
  const email = claimString(claims, 'email');
  const name = claimString(claims, 'name');
  if (username) identity.username = username;
  if (email) identity.email = email;
  if (name) identity.name = name;
  return Object.keys(identity).length > 0 ? identity : undefined;
}

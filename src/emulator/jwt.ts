/**
 * Compact JWS signing with node:crypto (HS256 and RS256 are all the vendors need), so the emulator carries no
 * JWT dependency. The emulator never needs to verify its own tokens: it recognises a secret by exact lookup.
 */
import { createHmac, generateKeyPair, type JsonWebKey, randomBytes, sign } from 'node:crypto';
import type { EmulatorKeys } from './types.js';

/** A JWT payload. */
export type JwtClaims = Record<string, unknown>;

/** Which of the emulator's keys signs a token. */
export type JwtAlgorithm = 'HS256' | 'RS256';

function base64url(input: Buffer | string): string {
  return Buffer.from(input).toString('base64url');
}

function signingInput(claims: JwtClaims, alg: JwtAlgorithm, keys: EmulatorKeys): string {
  const header = alg === 'RS256' ? { alg, typ: 'JWT', kid: keys.rsa.kid } : { alg, typ: 'JWT' };
  return `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
}

/** Signs `claims` synchronously; fine for a handful of tokens (RS256 costs ~0.2 ms each). */
export function signJwt(claims: JwtClaims, alg: JwtAlgorithm, keys: EmulatorKeys): string {
  const input = signingInput(claims, alg, keys);
  const signature =
    alg === 'HS256'
      ? createHmac('sha256', keys.hmac).update(input).digest()
      : sign('sha256', Buffer.from(input), keys.rsa.privateKey);
  return `${input}.${base64url(signature)}`;
}

/** Signs `claims` off the event loop when RSA is involved, so minting thousands keeps the server responsive. */
export function signJwtAsync(claims: JwtClaims, alg: JwtAlgorithm, keys: EmulatorKeys): Promise<string> {
  if (alg === 'HS256') return Promise.resolve(signJwt(claims, alg, keys));
  const input = signingInput(claims, alg, keys);
  return new Promise((resolve, reject) => {
    sign('sha256', Buffer.from(input), keys.rsa.privateKey, (error, signature) => {
      if (error) reject(error);
      else resolve(`${input}.${base64url(signature)}`);
    });
  });
}

/** The RS256 public key as a JWK, as an identity provider publishes it in its JWKS. */
export function publicJwk(keys: EmulatorKeys): JsonWebKey {
  return {
    ...keys.rsa.publicKey.export({ format: 'jwk' }),
    kid: keys.rsa.kid,
    use: 'sig',
    alg: 'RS256',
  };
}

// RSA generation costs ~250 ms of CPU, so one key pair serves every emulator of the process (tests start many).
let rsaPair: Promise<EmulatorKeys['rsa']> | undefined;

function rsaKeys(): Promise<EmulatorKeys['rsa']> {
  rsaPair ??= new Promise((resolve, reject) => {
    generateKeyPair('rsa', { modulusLength: 2048 }, (error, publicKey, privateKey) => {
      if (error) reject(error);
      else resolve({ publicKey, privateKey, kid: `emulator-${randomBytes(6).toString('hex')}` });
    });
  });
  return rsaPair;
}

/** Fresh HMAC secret per emulator plus the process-wide RSA pair. */
export async function createKeys(): Promise<EmulatorKeys> {
  return { hmac: randomBytes(32), rsa: await rsaKeys() };
}

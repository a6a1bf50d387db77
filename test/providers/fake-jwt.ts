/** A JWT with the given claims and a dummy signature: adapters decode without verifying, as the vendors' CLIs do. */
export function fakeJwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}.c2lnbmF0dXJlLW5vdC1jaGVja2Vk`;
}

/** Seconds since the epoch, `days` from now. */
export function epochIn(days: number): number {
  return Math.floor(Date.now() / 1000 + days * 86_400);
}

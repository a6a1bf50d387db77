/**
 * Who authdeck says it is on the wire (Curvenote's `X-Client-Name`/`X-Client-Version`) and on `--version`.
 * The version is package.json's, put in by the bundler (scripts/build.mjs) and by vitest (vitest.config.ts);
 * code run some other way says `0.0.0-dev` rather than crash on an undefined name.
 */
declare const __AUTHDECK_VERSION__: string | undefined;

/** authdeck's own name. */
export const AUTHDECK_NAME = 'authdeck';

/** package.json's version, as built. */
export const AUTHDECK_VERSION: string = typeof __AUTHDECK_VERSION__ === 'string' ? __AUTHDECK_VERSION__ : '0.0.0-dev';

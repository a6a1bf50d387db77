import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

export default defineConfig({
  // As scripts/build.mjs does, so the source under test says the same version as the bundle.
  define: { __AUTHDECK_VERSION__: JSON.stringify(version) },
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Wires the ports as src/cli/main.ts does, for tests that run core and the service in-process.
    setupFiles: ['./test/support/wire-ports.ts'],
    reporters: ['default', './test/support/plain-summary.ts'],
  },
});

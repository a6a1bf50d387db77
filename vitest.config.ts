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
    // The suite mostly waits (on gpg and pass, on real shells and pseudo-terminals, on the emulator's latency and
    // the client's retry back-off): with one fork per core the two cores sit half idle (230 s of CPU took 231 s).
    // Four forks keep them busy: 2 min instead of 4 on a quiet 2-core machine.
    maxWorkers: 4,
    // Wires the ports as src/cli/main.ts does, for tests that run core and the service in-process.
    setupFiles: ['./test/support/wire-ports.ts'],
    reporters: ['default', './test/support/plain-summary.ts'],
  },
});

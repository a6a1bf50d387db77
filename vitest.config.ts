import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

/** The tests that run whole commands in-process (src/cli/run.ts), and those through the built binary. */
const COMMAND_TESTS = ['test/cli/**/*.test.{ts,tsx}', 'test/security/**/*.test.{ts,tsx}', 'test/e2e/**/*.test.{ts,tsx}'];

export default defineConfig({
  // As scripts/build.mjs does, so the source under test says the same version as the bundle.
  define: { __AUTHDECK_VERSION__: JSON.stringify(version) },
  test: {
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
    projects: [
      {
        extends: true,
        // Forks shared too: each run has its own io, environment, cwd and store cache (src/cli/io.ts,
        // src/cli/context.ts, keyed by config dir since 088db88), so a file finds nothing an earlier one left.
        test: { name: 'commands', include: COMMAND_TESTS, isolate: false },
      },
      {
        extends: true,
        test: {
          name: 'units',
          include: ['test/**/*.test.{ts,tsx}'],
          exclude: COMMAND_TESTS,
          // The screens, the service, core, the store, HTTP, providers and the emulator: one fork runs file after
          // file without importing the tree (React and Ink among it) again for each. What a file changes of the
          // process (ports, environment) is put back by test/support/wire-ports.ts when it ends.
          isolate: false,
        },
      },
    ],
  },
});

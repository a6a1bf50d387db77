// The composition root's wiring (src/cli/main.ts), for tests that run the app layer and the service in-process.
// Vitest reuses each fork across test files (`isolate: false`, vitest.config.ts), so what a file changes of this
// process is put back when it ends: the ports (a screen test wires the fakes of test/support/fake-service.ts) and
// the environment (vi.stubEnv, or a variable set by hand).
import { afterAll, beforeAll, vi } from 'vitest';
import { wirePorts } from '../../src/app/ports.js';
import { cliPorts } from '../../src/cli/wiring.js';

let saved: NodeJS.ProcessEnv = {};
wirePorts(cliPorts);
beforeAll(() => {
  wirePorts(cliPorts);
  saved = { ...process.env };
});
afterAll(() => {
  vi.unstubAllEnvs();
  for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
  Object.assign(process.env, saved);
  wirePorts(cliPorts);
});

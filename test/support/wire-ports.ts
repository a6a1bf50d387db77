// The composition root's wiring (src/cli/main.ts), for tests that run the app layer and the service in-process.
import { wirePorts } from '../../src/app/ports.js';
import { cliPorts } from '../../src/cli/wiring.js';

wirePorts(cliPorts);

import { inputError } from '../../core/errors.js';
import { isLoopbackHost } from '../../core/validate.js';

interface EmulatorOptions {
  port: string;
  host: string;
  latency: string;
}

/** `authdeck emulator`: serves every provider on loopback, prints one JSON line, runs until SIGINT/SIGTERM. */
export default async function emulator(options: EmulatorOptions): Promise<number> {
  const port = Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw inputError(`--port must be 0–65535, got ${options.port}`);
  if (!isLoopbackHost(options.host))
    throw inputError(`the emulator binds loopback only; ${options.host} is not loopback`);
  const latencyMs = Number(options.latency);
  if (!(latencyMs >= 0)) throw inputError('--latency must be a number of milliseconds ≥ 0');
  const { startEmulator } = await import('../../emulator/index.js');
  const running = await startEmulator({ port, host: options.host, latencyMs });
  process.stdout.write(`${JSON.stringify({ url: running.url, endpoints: running.endpoints, seed: running.seed })}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await running.close();
  return 0;
}

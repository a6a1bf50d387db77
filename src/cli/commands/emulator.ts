import { inputError } from '../../core/errors.js';
import { isLoopbackHost } from '../../core/validate.js';

/** `port` and `latency` are range-checked by commander (RANGES.port, RANGES.latencyMs). */
interface EmulatorOptions {
  port: number;
  host: string;
  latency: number;
}

/** `authdeck emulator`: serves every provider on loopback, prints one JSON line, runs until SIGINT/SIGTERM. */
export default async function emulator(options: EmulatorOptions): Promise<number> {
  const { port, latency: latencyMs } = options;
  if (!isLoopbackHost(options.host))
    throw inputError(`the emulator binds loopback only; ${options.host} is not loopback`);
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

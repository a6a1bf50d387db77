/**
 * The entry point of bin/authdeck.js (the bundle's main): one run of the command surface (run.ts) over the real
 * process, whose exit code becomes the process's.
 */
import { run } from './run.js';

/** A crash anywhere (a callback, a stray rejection) is reported like any bug: through the redactor. */
const crash = async (error: unknown) => {
  const { reportError } = await import('./output.js');
  await reportError(error, { verbose: true });
  process.exit(1);
};
process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);

// The process title is what `ps` shows: never the arguments (which never hold a secret anyway).
process.title = 'authdeck';

run(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});

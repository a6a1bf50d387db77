import type { ChildProcess } from 'node:child_process';
import { constants } from 'node:os';
import { childEnvironment } from '../../core/env-export.js';
import { inputError } from '../../core/errors.js';
import { auditAccounts, auditProgram, auditProviders } from '../audit-context.js';
import { cliService } from '../context.js';
import { maskForCi, secretValues } from '../github-actions.js';
import { childStdio, connectChild, currentIO } from '../io.js';
import type { OutputOptions } from '../output.js';
import { explainInEffect } from './env.js';

interface ExecOptions extends OutputOptions {
  account?: string[];
}

/** Signals passed on to the child. */
const FORWARDED: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2'];
/**
 * Signals a terminal sends to its whole foreground process group (Ctrl+C, Ctrl+\): on a terminal the child has
 * received them already, and a second copy would interrupt its own clean-up. Still caught, so authdeck waits for
 * the child instead of dying first.
 */
const FROM_TERMINAL: ReadonlySet<NodeJS.Signals> = new Set(['SIGINT', 'SIGQUIT']);

/**
 * `authdeck exec [--account A]... -- CMD [ARGS...]`: runs CMD with the credentials in effect added to its
 * environment. stdio is inherited, signals are forwarded, and the exit status is CMD's: 127 when CMD is not
 * found, 126 when it cannot be run, 128+N when it dies of signal N. Nothing outside the child changes.
 */
export default async function exec(argv: string[], options: ExecOptions): Promise<number> {
  const [program, ...args] = argv;
  if (!program) throw inputError('exec needs a program to run', 'authdeck exec [--account A]... -- CMD [ARGS...]');
  const service = await cliService();
  const selection = await service.selectEnv({ accounts: options.account });
  const { inEffect } = selection;
  explainInEffect(inEffect, options);
  auditAccounts(inEffect.accounts.map((a) => a.account));
  auditProviders(inEffect.userVars.map((v) => v.provider));
  const { vars } = await service.exportEnv(selection);
  // Before the child starts: whatever it prints of them is masked in the job log.
  maskForCi(secretValues(vars));
  const env = childEnvironment({ vars, scope: inEffect.scope, env: process.env });
  auditProgram(program);
  return run(program, args, env);
}

/** Spawns the child with inherited stdio and resolves with the exit status a shell would report. */
export function run(program: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    let child: ChildProcess | undefined;
    let finished = false;
    // isatty(0), not process.stdin: creating that stream would make the shared stdin non-blocking for the child.
    const onTerminal = process.getBuiltinModule('node:tty').isatty(0);
    const forward = (signal: NodeJS.Signals) => {
      if (onTerminal && FROM_TERMINAL.has(signal)) return;
      try {
        child?.kill(signal);
      } catch {}
    };
    const listeners = FORWARDED.map((signal) => {
      const listener = () => forward(signal);
      process.on(signal, listener);
      return [signal, listener] as const;
    });
    const done = (code: number) => {
      if (finished) return;
      finished = true;
      for (const [signal, listener] of listeners) process.off(signal, listener);
      resolve(code);
    };
    try {
      child = process.getBuiltinModule('node:child_process').spawn(program, args, { stdio: childStdio(), env });
      connectChild(child);
    } catch (error) {
      currentIO().err(`authdeck: ${program}: ${(error as Error).message}\n`);
      done(126);
      return;
    }
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (finished) return;
      // Spawn failures: the program is missing, or it is there but cannot be run (as a shell reports them).
      const missing = error.code === 'ENOENT';
      const why = missing ? 'command not found' : error.code === 'EACCES' ? 'permission denied' : error.message;
      currentIO().err(`authdeck: ${program}: ${why}\n`);
      done(missing ? 127 : 126);
    });
    child.once('close', (code, signal) => {
      if (signal) done(128 + (constants.signals[signal] ?? 0));
      else done(code ?? 0);
    });
  });
}

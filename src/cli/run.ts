/**
 * The command surface, and one run of it: `run(argv, io)`. Each action lazily imports its command module, so a
 * plain command loads only what it needs: never Ink or React, and undici only when it talks to a service.
 * bin/authdeck.js runs it over the real process (main.ts); tests run it in-process with their own io (io.ts).
 */
import { Argument, Command, CommanderError, Help, Option } from 'commander';
import { wirePorts } from '../app/ports.js';
import { AUTHDECK_VERSION } from '../core/build-info.js';
import { inputError, type UserError } from '../core/errors.js';
import { RANGES } from '../core/numbers.js';
import { beginAudit } from './audit-context.js';
import { type CliIO, currentRun, processIO, withRun } from './io.js';
import { numberOption } from './number-option.js';
import type { OutputOptions } from './output.js';
import { cliPorts } from './wiring.js';

// The composition root: the app layer reaches the store's vault, HTTP, the providers and the disk only through its ports.
wirePorts(cliPorts);

/** A command module: runs and returns its exit code. */
type CommandModule = { default: (...args: never[]) => Promise<number | undefined> | number | undefined };

/** In-process, a request's trace goes to the stderr of the run that made it, if that run asked for traces. */
const traceOfRun = (line: string) => {
  const run = currentRun();
  if (!run.silenced && (run.verbose || run.io.env.AUTHDECK_DEBUG === '1')) run.io.err(line);
};

const collect = (value: string, previous: string[] = []) => [...previous, value];

/**
 * Runs a lazily imported command, mapping what it throws to an exit code and message. The command gets its
 * options merged with the global ones (`-q` before the command name), and each run leaves one audit log entry.
 */
function lazy(load: () => Promise<CommandModule>) {
  return async (...args: unknown[]) => {
    const command = args.at(-1) as Command;
    const opts = command.optsWithGlobals() as OutputOptions;
    const run = currentRun();
    const audit = beginAudit(command, args.slice(0, -2));
    let unmask: (() => void) | undefined;
    try {
      if (opts.verbose) run.verbose = true;
      if (run.io !== processIO) (await import('../http/client.js')).routeTraces(traceOfRun);
      else if (opts.verbose) (await import('../http/client.js')).traceRequests();
      // On a GitHub Actions runner every session token this run exchanges is masked in the job log.
      if (run.io.env.GITHUB_ACTIONS === 'true') unmask = (await import('./github-actions.js')).maskSessionsForCi();
      const mod = await load();
      const code = await (mod.default as (...a: unknown[]) => Promise<number | undefined>)(...args.slice(0, -2), opts);
      run.exitCode = code ?? run.exitCode ?? 0;
    } catch (error) {
      const { reportError } = await import('./output.js');
      run.exitCode = await reportError(error, opts);
    } finally {
      unmask?.();
    }
    await audit.end(run.exitCode ?? 0);
  };
}

/** Help or version was printed: the run ends with this code (commander would have exited the process). */
class Exit {
  constructor(readonly code: number) {}
}

/** The program, with only the commands `argv` can run (see below); its output goes to the run's io. */
function buildProgram(argv: readonly string[], io: CliIO): Command {
  const program: Command = new Command('authdeck')
    .description('A terminal account manager for API tokens: every account and key in one place and one screen.')
    .version(AUTHDECK_VERSION, '-V, --version')
    .option('-q, --quiet', 'print no notices or hints on stderr')
    .option('--verbose', 'trace each HTTP request and show the trace of an error (secrets redacted)')
    .enablePositionalOptions()
    // Commander's own usage errors are reported like every other error (below), `--json` included.
    .configureOutput(
      io === processIO
        ? { outputError: () => {} }
        : {
            outputError: () => {},
            // In-process, help and version go to the run's own streams, laid out as for a pipe.
            writeOut: (text) => io.out(text),
            writeErr: (text) => io.err(text),
            getOutHelpWidth: () => 80,
            getErrHelpWidth: () => 80,
            getOutHasColors: () => false,
            getErrHasColors: () => false,
          },
    )
    .exitOverride((err) => {
      // Help and version have been printed: --help and --version exit 0, help shown for a bare group 2.
      if (err.exitCode === 0 || err.code.startsWith('commander.help') || err.code === 'commander.version')
        throw new Exit(err.exitCode === 0 ? 0 : 2);
      throw err;
    })
    // A word that names no command is a typo: say so, with the nearest command, rather than "too many arguments".
    .argument('[command]')
    .usage('[options] [command]')
    // That argument is only there to catch typos: help lists the commands instead.
    .configureHelp({
      visibleArguments(this: Help, command: Command): Argument[] {
        return command === program ? [] : Help.prototype.visibleArguments.call(this, command);
      },
    })
    .action((word: string | undefined, options: unknown, command: Command) =>
      word === undefined ? home(options, command) : (command as Command & { unknownCommand(): never }).unknownCommand(),
    );

  const home = lazy(() => import('./commands/home.js'));

  const addCommand = (parent: Command, name: string) =>
    parent
      .command(name)
      .description('store a credential; the secret comes from stdin or a masked prompt, never from argv')
      .argument('<provider>', 'curvenote, nuclia, appcircle, platformsh, upsun, etm or bearer')
      .addOption(
        new Option('--kind <kind>', 'what the credential is').choices(['user', 'kb', 'processing']).default('user'),
      )
      .option('--label <label>', 'a name for it (default: its username, else email, else "default")')
      .option('--url <kbUrl>', 'the knowledge box URL of a Nuclia KB key')
      .option('--endpoint <name=url>', 'override one of the provider endpoints for this account (repeatable)', collect)
      .option('--no-check', 'store without checking with the service')
      .option('--replace', 'swap the secret of the existing account with that label, keeping its id and active state')
      .addOption(
        new Option(
          '--storage <where>',
          'keep the secret in the config file (the default) or the OS keyring; --replace keeps it where it was',
        ).choices(['file', 'keyring']),
      )
      .option(
        '--from <ref>',
        "keep no secret: read it each time from 'cmd:<program> <args…>' (its one line of output) or 'pass:<entry>'",
      )
      .option('--deck <name>', 'store it in this shared deck (see `authdeck deck`), not in the local config')
      .option('--json', 'print the stored account as JSON')
      .action(lazy(() => import('./commands/add.js')));

  const listCommand = (parent: Command, name: string) =>
    parent
      .command(name)
      .description('every account: identity, masked secret, active, in effect, health, expiry')
      .option('--json', 'machine-readable output')
      .action(lazy(() => import('./commands/list.js')));

  const defineUse = (parent: Command, name: string) =>
    parent
      .command(name)
      .description('make an account the active one of its provider and kind')
      .argument('<account>', 'id, provider/label, provider/kind/label, or a unique label')
      .option('--dir [path]', 'only for this directory (default: the current one) and below')
      .option('--json', 'machine-readable output')
      .action(lazy(() => import('./commands/use.js')));

  const removeCommand = (parent: Command, name: string) =>
    parent
      .command(name)
      .description('forget an account locally; with --revoke, revoke it on the service first where it can')
      .argument('<account>', 'id, provider/label, provider/kind/label, or a unique label')
      .option('--revoke', 'revoke the token on the service first (tokens authdeck created)')
      .option('-y, --yes', 'do not ask for confirmation (needed without a TTY)')
      .option('--json', 'machine-readable output')
      .action(lazy(() => import('./commands/remove.js')));

  /** Every top-level command, by the words (names and aliases) that run it; defined on demand below. */
  const definitions: Array<[words: readonly string[], define: () => unknown]> = [
    [['add'], () => addCommand(program, 'add')],
    [['list', 'ls'], () => listCommand(program, 'list').alias('ls')],
    [['use'], () => defineUse(program, 'use')],
    [
      ['unbind'],
      () =>
        program
          .command('unbind')
          .description('remove the directory binding of PATH (default: the current directory)')
          .argument('[path]', 'the bound directory')
          .action(lazy(() => import('./commands/unbind.js'))),
    ],
    [['remove', 'rm'], () => removeCommand(program, 'remove').alias('rm')],
    [
      ['check'],
      () =>
        program
          .command('check')
          .description('check the health of every account (or those named) and of env vars in effect, in parallel')
          .argument('[accounts...]', 'accounts to check (default: all)')
          .option('--json', 'machine-readable output')
          .addOption(
            numberOption(
              '--timeout <seconds>',
              "bound on each account's whole check, retries included",
              RANGES.timeoutSeconds,
              10,
            ),
          )
          .addOption(
            numberOption(
              '--expiring-within <days>',
              'exit 1 when a credential expires within DAYS',
              RANGES.expiringWithinDays,
            ),
          )
          .addOption(numberOption('--concurrency <n>', 'how many checks run at once', RANGES.concurrency, 64))
          .action(lazy(() => import('./commands/check.js'))),
    ],
    [
      ['token'],
      () => {
        const token = program.command('token').description('personal tokens on the service, and familiar aliases');
        token
          .command('create')
          .description('create a personal token through the service API; it is shown once')
          .argument('<account>', 'the account whose service makes the token')
          .option('--description <text>', 'what the token is for', 'authdeck')
          .addOption(
            numberOption(
              '--days <n>',
              'lifetime in days (default 90; ignored where tokens do not expire)',
              RANGES.tokenDays,
            ),
          )
          .option('--store <label>', 'also store it as an account with this label')
          .option('--json', 'machine-readable output')
          .action(lazy(() => import('./commands/token-create.js')));
        token
          .command('list')
          .description("list the account's personal tokens on the service (never their values)")
          .argument('<account>')
          .option('--json', 'machine-readable output')
          .action(lazy(() => import('./commands/token-list.js')));
        token
          .command('revoke')
          .description('revoke one personal token on the service')
          .argument('<account>')
          .argument('<id>', 'the token id from `token list`')
          .option('--json', 'machine-readable output')
          .action(lazy(() => import('./commands/token-revoke.js')));
        token
          .command('rotate')
          .description('create a replacement, check it, store it in place, then revoke the old one')
          .argument('<account>')
          .addOption(numberOption('--days <n>', 'lifetime of the new token in days', RANGES.tokenDays))
          .option('--json', 'machine-readable output')
          .action(lazy(() => import('./commands/token-rotate.js')));
        addCommand(token, 'set');
        defineUse(token, 'select');
        removeCommand(token, 'delete');
      },
    ],
    [
      ['auth'],
      () => {
        const auth = program.command('auth').description('familiar aliases: auth list, auth show');
        listCommand(auth, 'list');
        listCommand(auth, 'show');
      },
    ],
    [
      ['secret'],
      () =>
        program
          .command('secret')
          .description('print the one secret in effect for an account, for $(…)')
          .argument('<account>')
          .option('--session', 'print an exchanged session token instead (Curvenote, Appcircle, Platform.sh, Upsun)')
          .action(lazy(() => import('./commands/secret.js'))),
    ],
    [
      ['env'],
      () =>
        program
          .command('env')
          .description('the credentials in effect as the vendors’ env vars')
          .argument('[providers...]', 'only these providers')
          .option('--account <ref>', 'use this account (repeatable)', collect)
          .addOption(
            new Option('--format <format>', 'output syntax')
              .choices(['sh', 'fish', 'powershell', 'dotenv', 'json'])
              .default('sh'),
          )
          .option('--prompt-format <format>', 'also export AUTHDECK_PROMPT, one segment per credential in effect')
          .addOption(new Option('--hook <id>', "run by `authdeck hook`: write the shell's stamp and state").hideHelp())
          .action(lazy(() => import('./commands/env.js'))),
    ],
    [
      ['hook'],
      () =>
        program
          .command('hook')
          .description('print a prompt hook for the rc file that re-exports only when something changed')
          .addArgument(new Argument('<shell>', 'the shell').choices(['bash', 'zsh', 'fish']))
          .argument('[providers...]', 'only these providers (default: all)')
          .option(
            '--prompt-format <format>',
            'AUTHDECK_PROMPT, per credential in effect: {provider} {kind} {slot} {label} {source} (default: {slot}:{label})',
          )
          .action(lazy(() => import('./commands/hook.js'))),
    ],
    [
      ['exec'],
      () =>
        program
          .command('exec')
          .description('run a program with the credentials in effect added to its environment')
          .option('--account <ref>', 'use this account (repeatable)', collect)
          .argument('<command...>', 'the program and its arguments, after --')
          .passThroughOptions()
          .action(lazy(() => import('./commands/exec.js'))),
    ],
    [
      ['explain'],
      () =>
        program
          .command('explain')
          .description('which source wins for each provider and kind, and what it shadows')
          .argument('[provider]')
          .option('--json', 'machine-readable output')
          .action(lazy(() => import('./commands/explain.js'))),
    ],
    [
      ['doctor'],
      () =>
        program
          .command('doctor')
          .description('diagnose the store (permissions, corruption, stale locks, backups); --repair fixes what it can')
          .option('--repair', 'apply the repairs: tighten modes, remove a stale lock, restore the last good copy')
          .option('--json', 'machine-readable output')
          .action(lazy(() => import('./commands/doctor.js'))),
    ],
    [
      ['import'],
      () =>
        program
          .command('import')
          .description("take accounts from a vendor CLI's own config, or provision many from a JSON file, in one write")
          .argument('[vendor]', 'curvenote, nuclia, platformsh or upsun')
          .option('--file <path>', 'a JSON list of {provider, kind, label, secret, url?, endpoints?} ("-": stdin)')
          .option('--check', 'check each with its service first and store only those it accepts (default: unchecked)')
          .option('--replace', 'with --file: swap the secret of an existing label instead of failing')
          .option('--json', 'machine-readable output')
          .action(lazy(() => import('./commands/import.js'))),
    ],
    [
      ['deck'],
      () => {
        const deck = program.command('deck').description("shared decks: folders of a team's pass store");
        const action = (name: 'add' | 'list' | 'remove' | 'sync') =>
          lazy(async () => ({ default: (await import('./commands/deck.js')).actions[name] }));
        deck
          .command('add')
          .description('attach a deck: a folder of a pass store (nothing in the store is changed)')
          .argument('<name>', 'the deck name, used in references: <name>:provider/label')
          .option('--pass', 'the deck is a folder of a pass store')
          .option('--store <dir>', 'the pass store (default: $PASSWORD_STORE_DIR or ~/.password-store)')
          .option('--path <prefix>', 'the folder inside the store (default: authdeck/<name>)')
          .option('--json', 'machine-readable output')
          .action(action('add'));
        deck
          .command('list')
          .description('the attached decks (nothing is decrypted)')
          .option('--json', 'machine-readable output')
          .action(action('list'));
        deck
          .command('remove')
          .description('detach a deck; nothing in the pass store is deleted')
          .argument('<name>')
          .option('--json', 'machine-readable output')
          .action(action('remove'));
        deck
          .command('sync')
          .description("pull (rebase) and push the deck's git repository, and say what teammates changed")
          .argument('[name]', 'only this deck (default: every attached deck)')
          .option('--json', 'machine-readable output')
          .action(action('sync'));
      },
    ],
    [
      ['completion'],
      () =>
        program
          .command('completion')
          .description('print a shell completion script (account references included)')
          .addArgument(new Argument('<shell>', 'the shell').choices(['bash', 'zsh', 'fish']))
          .action(lazy(() => import('./commands/completion.js'))),
    ],
    [
      ['__complete'],
      () =>
        program
          .command('__complete', { hidden: true })
          .description('what the completion scripts ask at each Tab')
          .argument('[words...]')
          .allowUnknownOption()
          .action(lazy(async () => ({ default: (await import('./commands/complete.js')).completer(program) }))),
    ],
    [
      ['log'],
      () =>
        program
          .command('log')
          .description('the audit log: what was done with which account, when, by whom (terminal, CI, script)')
          .option('--json', 'machine-readable output')
          .addOption(numberOption('--limit <n>', 'how many of the most recent entries', RANGES.logEntries, 20))
          .action(lazy(() => import('./commands/log.js'))),
    ],
    [
      ['emulator'],
      () =>
        program
          .command('emulator')
          .description('serve the local emulator of every provider; prints its endpoints and seed as one JSON line')
          .addOption(numberOption('--port <n>', 'port to listen on (0: any free port)', RANGES.port, 0))
          .option('--host <host>', 'loopback address to bind', '127.0.0.1')
          .addOption(numberOption('--latency <ms>', 'latency added to every vendor request', RANGES.latencyMs, 0))
          .action(lazy(() => import('./commands/emulator.js'))),
    ],
    [
      ['demo'],
      () =>
        program
          .command('demo')
          .description('a safe tour: the TUI against the built-in emulator, in a throw-away config')
          .action(lazy(() => import('./commands/demo.js'))),
    ],
  ];

  /**
   * Only the command being run is defined: building all of them is about 3 ms of every start-up (measured),
   * and a shell hook pays it at each prompt. No command, help, a typo or completion get every one, so the
   * listing, the suggestions and the completions stay whole.
   */
  const word = argv.find((arg) => !arg.startsWith('-'));
  const only =
    word === '__complete' ? undefined : definitions.find(([words]) => word !== undefined && words.includes(word));
  for (const [, define] of only ? [only] : definitions) define();

  /** `--quiet` and `--verbose` are accepted after any command name too (`authdeck env -q`), not only before it. */
  function acceptGlobalsEverywhere(command: Command): void {
    for (const sub of command.commands) {
      if (!sub.options.some((o) => o.long === '--quiet'))
        sub.option('-q, --quiet', 'print no notices or hints on stderr');
      if (!sub.options.some((o) => o.long === '--verbose'))
        sub.option('--verbose', 'trace each HTTP request and show the trace of an error (secrets redacted)');
      acceptGlobalsEverywhere(sub);
    }
  }
  acceptGlobalsEverywhere(program);
  return program;
}

/** A usage error of commander's (unknown option, missing argument, bad number) as authdeck's input error. */
function usageError(error: CommanderError): UserError {
  return inputError(error.message.replace(/^error: /, ''), 'run with --help for usage');
}

/** Whether the words ask for JSON: commander's own errors come before any command sees its options. */
const wantsJson = (words: readonly string[]) => {
  const end = words.indexOf('--');
  return (end === -1 ? words : words.slice(0, end)).includes('--json');
};

/**
 * One run of `authdeck <argv…>` (the words after the program name), resolving with its exit code. With no
 * `io` it is the real process's (bin/authdeck.js); with one, everything the run reads and writes is that
 * io's, and nothing it caches outlives it (io.ts).
 */
export function run(argv: readonly string[], io: CliIO = processIO): Promise<number> {
  return withRun(io, async (context) => {
    try {
      await buildProgram(argv, io).parseAsync([...argv], { from: 'user' });
    } catch (error) {
      if (error instanceof Exit) return error.code;
      const { reportError } = await import('./output.js');
      const usage = error instanceof CommanderError;
      context.exitCode = await reportError(usage ? usageError(error) : error, usage ? { json: wantsJson(argv) } : {});
    }
    return context.exitCode ?? 0;
  });
}

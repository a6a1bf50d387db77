/**
 * What `authdeck hook bash|zsh|fish` prints, and the shell state `env --hook` hands back to it. Pure: no I/O.
 *
 * At each prompt the hook decides in the shell itself, with builtins only (no fork, no `$(…)`), whether anything
 * that can change `env`'s answer changed since it last ran `env`: the working directory (directory bindings), the
 * variables `env` reads (AUTHDECK_ACCOUNT, AUTHDECK_EXPORTED, where the config lives, every vendor variable), and the
 * config file, compared with `-nt` against this shell's stamp file, whose mtime `env` sets to the config's as it
 * read it. Only then does it run `env`. A vendor variable that authdeck exported and whose value changed since was
 * set by the user: it is taken out of AUTHDECK_EXPORTED first, so `env` leaves it alone from then on. And when a
 * value `env` exported expires (an exchanged session token is a JWT of an hour), `env` says when to run again: a
 * minute before (bash's EPOCHSECONDS, zsh's zsh/datetime; fish has no clock builtin, nor has bash before 5.0
 * (macOS's /bin/bash) or a zsh without the module, so they ask `date` at each prompt, only while such a deadline
 * is set).
 */
import { quoteFish, quoteSh } from './env-export.js';

/** The shells `hook` writes for. */
const HOOK_SHELLS = ['bash', 'zsh', 'fish'] as const;
export type HookShell = (typeof HOOK_SHELLS)[number];

/** Variables besides the vendor ones that `env`'s answer depends on. */
const HOOK_CONTEXT_VARS = [
  'AUTHDECK_ACCOUNT',
  'AUTHDECK_EXPORTED',
  'AUTHDECK_CONFIG_DIR',
  'XDG_CONFIG_HOME',
  'HOME',
  'AUTHDECK_ENDPOINTS',
] as const;

/** The shell-local variables (never exported) the hook keeps its state in. */
const HOOK_STATE = {
  /** This shell's id: names its stamp file. */
  id: '__authdeck_id',
  /** The config file `env` read. */
  config: '__authdeck_config',
  /** This shell's stamp file: its mtime is the config's as `env` last read it. */
  stamp: '__authdeck_stamp',
  /** Everything the answer depends on, as it was right after the last run. */
  key: '__authdeck_key',
  /** Prefix of the value each vendor variable had right after the last run. */
  valuePrefix: '__authdeck_v_',
  /** When to run `env` again whatever else happens (epoch seconds; empty: never). */
  until: '__authdeck_until',
} as const;

/** How long before a value expires the hook fetches a fresh one. */
const REFRESH_MARGIN_S = 60;

/**
 * When the hook must run `env` again: a minute before the earliest expiry (epoch seconds) among the values
 * exported, ignoring those already within that minute or past (running again would not renew them); null: never.
 */
export function refreshDeadline(expiries: ReadonlyArray<number | undefined>, nowS: number): number | null {
  let until: number | null = null;
  for (const exp of expiries) {
    if (exp === undefined || !Number.isFinite(exp)) continue;
    const at = Math.floor(exp - REFRESH_MARGIN_S);
    if (at > nowS && (until === null || at < until)) until = at;
  }
  return until;
}

/** A shell id `env --hook` accepts (anything else gets a fresh one). */
export const HOOK_ID = /^[a-z0-9]{8,32}$/;

/** Input of {@link hookScript}. */
export interface HookScriptInput {
  shell: HookShell;
  /** Every vendor variable name (of every provider: a user's override of any of them changes the answer). */
  vendorVars: readonly string[];
  /** The prompt format, already checked. */
  promptFormat: string;
  /** Providers to limit `env` to (empty: all). */
  providers: readonly string[];
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The script for the rc file: `eval "$(authdeck hook bash)"`, `authdeck hook fish | source`. */
export function hookScript(input: HookScriptInput): string {
  for (const name of input.vendorVars) {
    if (!NAME.test(name)) throw new Error(`invalid environment variable name ${JSON.stringify(name)}`);
  }
  for (const id of input.providers) {
    if (!NAME.test(id)) throw new Error(`invalid provider id ${JSON.stringify(id)}`);
  }
  return input.shell === 'fish' ? fishHook(input) : posixHook(input);
}

/** bash and zsh share one script: `[[ ]]`, `${x-}`, `${x//a/b}` and `$'…'` mean the same in both. */
function posixHook(input: HookScriptInput): string {
  const { id, config, stamp, key, valuePrefix, until } = HOOK_STATE;
  const watched = [...HOOK_CONTEXT_VARS, ...input.vendorVars];
  const current = `"$PWD"${watched.map((n) => `$'\\037'"\${${n}-}"`).join('')}`;
  const args = [
    '-q',
    'env',
    '--hook',
    `"\${${id}:-new}"`,
    '--prompt-format',
    quoteSh(input.promptFormat),
    ...input.providers,
  ].join(' ');
  const disown = input.vendorVars
    .map((n) => `    [[ \${${n}-} == "\${${valuePrefix}${n}-}" ]] || e=\${e//,${n},/,}`)
    .join('\n');
  const remember = input.vendorVars.map((n) => `  ${valuePrefix}${n}=\${${n}-}`).join('\n');
  const register =
    input.shell === 'bash'
      ? `# Registered once however often the rc file is read: an array is searched element by element.
__authdeck_add=1
if [[ "$(declare -p PROMPT_COMMAND 2>&1)" == "declare -a"* ]]; then
  for __authdeck_c in "\${PROMPT_COMMAND[@]}"; do
    if [[ $__authdeck_c == _authdeck_hook ]]; then __authdeck_add=; fi
  done
  if [[ -n $__authdeck_add ]]; then PROMPT_COMMAND=(_authdeck_hook "\${PROMPT_COMMAND[@]}"); fi
elif [[ ";\${PROMPT_COMMAND:-};" != *";_authdeck_hook;"* ]]; then
  PROMPT_COMMAND="_authdeck_hook\${PROMPT_COMMAND:+;$PROMPT_COMMAND}"
fi
unset __authdeck_add __authdeck_c`
      : `zmodload zsh/datetime 2>/dev/null
# Under zsh's own options whatever the user's (KSH_ARRAYS would keep only the first of their hooks).
() {
  emulate -L zsh
  typeset -ag precmd_functions
  if (( ! \${precmd_functions[(I)_authdeck_hook]} )); then
    precmd_functions=(_authdeck_hook $precmd_functions)
  fi
}`;
  // The user's own INT trap survives the moment the values are set: zsh puts it back by itself (emulate -L's local
  // traps, which also shield the function from the user's options), bash is handed it back.
  const localTraps = input.shell === 'zsh' ? '  emulate -L zsh\n' : '';
  const saveTrap = input.shell === 'bash' ? '  t=$(trap -p INT)\n' : '';
  const restoreTrap =
    input.shell === 'bash' ? '  if [[ -n $t ]]; then eval "$t"; else trap - INT; fi\n' : '  trap - INT\n';
  return `# authdeck shell hook (${input.shell}): runs \`authdeck env\` only when something it depends on changed.
_authdeck_hook() {
  local s=$?
  if [[ \${${key}-} == ${current} && -e \${${stamp}-} && ! \${${config}-} -nt \${${stamp}-} ]] &&
    [[ -z \${${until}-} || \${EPOCHSECONDS:-$(command date +%s)} -lt \${${until}} ]]; then
    return $s
  fi
  _authdeck_export
  return $s
}
_authdeck_export() {
${localTraps}  local e v t
  if [[ -n \${${key}+x} ]]; then
    # A variable authdeck exported whose value changed since was set by hand: it is the user's now.
    e=",\${AUTHDECK_EXPORTED-},"
${disown}
    e=\${e#,}
    e=\${e%,}
    if [[ $e != "\${AUTHDECK_EXPORTED-}" ]]; then
      if [[ -n $e ]]; then export AUTHDECK_EXPORTED=$e; else unset AUTHDECK_EXPORTED; fi
    fi
  fi
  # A failing env (it says why on stderr) changes nothing, and never ends a \`set -e\` shell.
  v=$(command authdeck ${args}) || v=
${saveTrap}  trap -- '' INT
  eval "$v"
${restoreTrap}${remember}
  ${key}=${current}
}
${register}
`;
}

function fishHook(input: HookScriptInput): string {
  const { id, config, stamp, key, valuePrefix, until } = HOOK_STATE;
  const watched = [...HOOK_CONTEXT_VARS, ...input.vendorVars];
  const current = `"$PWD"${watched.map((n) => `\\x1f"$${n}"`).join('')}`;
  const args = [
    '-q',
    'env',
    '--format',
    'fish',
    '--hook',
    `$${id}`,
    '--prompt-format',
    quoteFish(input.promptFormat),
    ...input.providers,
  ].join(' ');
  const disown = input.vendorVars
    .map((n) => `        test "$${n}" = "$${valuePrefix}${n}"; or set e (string replace -- ,${n}, , $e)`)
    .join('\n');
  const remember = input.vendorVars.map((n) => `    set -g ${valuePrefix}${n} "$${n}"`).join('\n');
  return `# authdeck shell hook (fish): runs \`authdeck env\` only when something it depends on changed.
function __authdeck_hook --on-event fish_prompt
    if set -q ${key}; and test "$${key}" = ${current}; and test -e "$${stamp}"; and not test "$${config}" -nt "$${stamp}"
        if test -z "$${until}"; or test (command date +%s) -lt "$${until}"
            return
        end
    end
    __authdeck_export
end
function __authdeck_export
    if set -q ${key}
        # A variable authdeck exported whose value changed since was set by hand: it is the user's now.
        set -l e ",$AUTHDECK_EXPORTED,"
${disown}
        set e (string trim -c , -- $e)
        if test "$e" != "$AUTHDECK_EXPORTED"
            if test -n "$e"; set -gx AUTHDECK_EXPORTED $e; else; set -e AUTHDECK_EXPORTED; end
        end
    end
    set -q ${id}; or set -g ${id} new
    command authdeck ${args} | source
${remember}
    set -g ${key} ${current}
end
`;
}

/** Input of {@link renderHookState}. */
export interface HookState {
  id: string;
  /** The config file `env` read. */
  config: string;
  /** The stamp file; empty when it could not be written (the hook then runs `env` at every prompt). */
  stamp: string;
  /** See {@link refreshDeadline}. */
  until: number | null;
}

/** The shell-local assignments `env --hook` appends to its output (never exported). */
export function renderHookState(state: HookState, format: 'sh' | 'fish'): string {
  const pairs: Array<[string, string]> = [
    [HOOK_STATE.id, state.id],
    [HOOK_STATE.config, state.config],
    [HOOK_STATE.stamp, state.stamp],
    [HOOK_STATE.until, state.until === null ? '' : String(state.until)],
  ];
  return pairs
    .map(([name, value]) => (format === 'fish' ? `set -g ${name} ${quoteFish(value)}` : `${name}=${quoteSh(value)}`))
    .join('\n')
    .concat('\n');
}

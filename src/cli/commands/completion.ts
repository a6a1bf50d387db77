/**
 * `authdeck completion bash|zsh|fish`: a completion script for the shell. The scripts are thin: at each Tab
 * they ask `authdeck __complete` (src/cli/commands/complete.ts), which knows the commands, their options, the
 * providers and the stored account references, so the scripts never go stale.
 */
import { inputError } from '../../core/errors.js';
import { writeOut } from '../output.js';

/** The shells `completion` writes scripts for. */
export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

/** Script text is written with `%{` for the shell's `${` (a template literal would take `${` as its own). */
function script(text: string): string {
  return text.replaceAll('%{', '${');
}

const BASH = script(String.raw`# authdeck completion for bash (3.2 and later).
# Load it now:      source <(authdeck completion bash)
# Or for good:      authdeck completion bash > ~/.local/share/bash-completion/completions/authdeck
_authdeck_complete() {
  local cur=%{COMP_WORDS[COMP_CWORD]}
  [[ $cur == "=" ]] && cur=
  COMPREPLY=()
  # bash splits "--format=json" into three words; join them back so authdeck sees what was typed.
  local -a args=()
  local i word
  for (( i = 1; i <= COMP_CWORD; i++ )); do
    word=%{COMP_WORDS[i]}
    if (( i > 1 && %{#args[@]} > 0 )) && [[ $word == "=" || %{COMP_WORDS[i-1]} == "=" ]]; then
      args[%{#args[@]}-1]+=$word
    else
      args+=("$word")
    fi
  done
  local out
  out=$(command authdeck __complete -- "%{args[@]}" 2>/dev/null) || return 0
  local directive=%{out%%$'\n'*}
  local body=
  [[ $out == *$'\n'* ]] && body=%{out#*$'\n'}
  local IFS=$'\n'
  case $directive in
    :dirs)
      type compopt >/dev/null 2>&1 && compopt -o filenames
      COMPREPLY=($(compgen -d -- "$cur"))
      ;;
    :files)
      type compopt >/dev/null 2>&1 && compopt -o filenames
      COMPREPLY=($(compgen -f -- "$cur"))
      ;;
    ":exec "*)
      local offset=$(( %{directive#:exec } + 1 ))
      if declare -F _command_offset >/dev/null 2>&1; then
        _command_offset "$offset"
      elif (( COMP_CWORD == offset )); then
        COMPREPLY=($(compgen -c -- "$cur"))
      else
        COMPREPLY=($(compgen -f -- "$cur"))
      fi
      ;;
    *)
      local line joined=%{args[%{#args[@]}-1]}
      for line in $body; do
        line=%{line%%$'\t'*}
        # After "--opt=", bash replaces only the text after "=".
        [[ $joined == -*=* ]] && line=%{line#*=}
        COMPREPLY+=("$line")
      done
      ;;
  esac
  return 0
}
complete -F _authdeck_complete authdeck
`);

const ZSH = script(String.raw`#compdef authdeck
# authdeck completion for zsh.
# Load it now:      source <(authdeck completion zsh)      (after compinit)
# Or for good:      authdeck completion zsh > "%{fpath[1]}/_authdeck"
_authdeck() {
  local out directive line value
  local -a lines candidates
  out=$(command authdeck __complete -- "%{(@)words[2,CURRENT]}" 2>/dev/null) || return 1
  lines=("%{(@f)out}")
  directive=%{lines[1]}
  case $directive in
    :dirs)
      [[ $PREFIX == -*=* ]] && compset -P '*='
      _path_files -/
      ;;
    :files)
      [[ $PREFIX == -*=* ]] && compset -P '*='
      _files
      ;;
    ':exec '*)
      local offset=$(( %{directive#:exec } + 2 ))
      words=("%{(@)words[offset,-1]}")
      (( CURRENT -= offset - 1 ))
      _normal
      ;;
    *)
      for line in "%{(@)lines[2,-1]}"; do
        [[ -z $line ]] && continue
        value=%{line%%$'\t'*}
        if [[ $line == *$'\t'* ]]; then
          candidates+=("%{value//:/\\:}:%{line#*$'\t'}")
        else
          candidates+=("%{value//:/\\:}")
        fi
      done
      (( %{#candidates} )) && _describe -t values authdeck candidates
      ;;
  esac
}
if [[ %{funcstack[1]} == _authdeck ]]; then
  _authdeck "$@"
else
  compdef _authdeck authdeck
fi
`);

const FISH = script(String.raw`# authdeck completion for fish.
# Load it now:      authdeck completion fish | source
# Or for good:      authdeck completion fish > ~/.config/fish/completions/authdeck.fish
function __authdeck_complete
    set -l tokens (commandline -opc)
    set -l current (commandline -ct)
    # Quoted: an empty word under the cursor must still be passed, as one empty argument.
    set -l out (command authdeck __complete -- $tokens[2..-1] "$current" 2>/dev/null)
    or return
    set -l directive $out[1]
    set -e out[1]
    switch $directive
        case :dirs :files
            # After "--opt=", complete the path part and keep the prefix.
            set -l prefix (string match -r -- '^-[^=]*=' $current)
            set -l path (string replace -r -- '^-[^=]*=' '' $current)
            if test $directive = :dirs
                __fish_complete_directories $path | string replace -r -- '^' "$prefix"
            else
                __fish_complete_path $path | string replace -r -- '^' "$prefix"
            end
        case ':exec *'
            set -l offset (math (string replace ':exec ' '' -- $directive) + 2)
            set -l rest $tokens[$offset..-1]
            complete -C (string join ' ' -- (string escape -- $rest) "$current")
        case '*'
            printf '%s\n' $out
    end
end
complete -c authdeck -f -a '(__authdeck_complete)'
`);

/** The completion script of a shell. */
export function completionScript(shell: Shell): string {
  switch (shell) {
    case 'bash':
      return BASH;
    case 'zsh':
      return ZSH;
    case 'fish':
      return FISH;
  }
}

/** `authdeck completion bash|zsh|fish`. */
export default async function completion(shell: string): Promise<number> {
  if (!(SHELLS as readonly string[]).includes(shell))
    throw inputError(`no completion for ${JSON.stringify(shell)}`, `shells: ${SHELLS.join(', ')}`);
  writeOut(completionScript(shell as Shell));
  return 0;
}

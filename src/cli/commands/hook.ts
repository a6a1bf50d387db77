import { inputError } from '../../core/errors.js';
import { checkPromptFormat, DEFAULT_PROMPT_FORMAT } from '../../core/prompt-segment.js';
import { type HookShell, hookScript } from '../../core/shell-hook.js';
import { providers } from '../../providers/registry.js';
import { type OutputOptions, writeOut } from '../output.js';

interface HookOptions extends OutputOptions {
  promptFormat?: string;
}

/**
 * `authdeck hook bash|zsh|fish [provider...] [--prompt-format F]`: the prompt hook for the rc file
 * (`eval "$(authdeck hook bash)"`, `authdeck hook fish | source`). It runs `authdeck env` only when something
 * that can change its answer changed, and keeps AUTHDECK_PROMPT current (src/core/shell-hook.ts).
 */
export default function hook(shell: HookShell, only: string[], options: HookOptions): number {
  const format = checkPromptFormat(options.promptFormat ?? DEFAULT_PROMPT_FORMAT);
  for (const name of only) {
    if (!providers.some((p) => p.id === name)) {
      throw inputError(
        `unknown provider ${JSON.stringify(name)}`,
        `known providers: ${providers.map((p) => p.id).join(', ')}`,
      );
    }
  }
  const vendorVars = [...new Set(providers.flatMap((p) => p.env.map((v) => v.name)))];
  writeOut(hookScript({ shell, vendorVars, promptFormat: format, providers: only }));
  return 0;
}

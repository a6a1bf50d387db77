import { checkPromptFormat, DEFAULT_PROMPT_FORMAT } from '../../core/prompt-segment.js';
import { type HookShell, hookScript } from '../../core/shell-hook.js';
import { cliService } from '../context.js';
import { type OutputOptions, writeOut } from '../output.js';

interface HookOptions extends OutputOptions {
  promptFormat?: string;
}

/**
 * `authdeck hook bash|zsh|fish [provider...] [--prompt-format F]`: the prompt hook for the rc file
 * (`eval "$(authdeck hook bash)"`, `authdeck hook fish | source`). It runs `authdeck env` only when something
 * that can change its answer changed, and keeps AUTHDECK_PROMPT current (src/core/shell-hook.ts).
 */
export default async function hook(shell: HookShell, only: string[], options: HookOptions): Promise<number> {
  const format = checkPromptFormat(options.promptFormat ?? DEFAULT_PROMPT_FORMAT);
  const vendorVars = (await cliService()).vendorVariables(only);
  writeOut(hookScript({ shell, vendorVars, promptFormat: format, providers: only }));
  return 0;
}

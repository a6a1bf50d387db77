/**
 * The one colour rule of the plain commands and the TUI: never with NO_COLOR set to anything non-empty
 * (https://no-color.org), FORCE_COLOR forces it on (off for `0`), else only on a terminal that is not `TERM=dumb`.
 */
export function colorWanted(env: NodeJS.ProcessEnv, isTerminal: boolean): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0';
  return isTerminal && env.TERM !== 'dumb';
}

/** Exit codes of DESIGN.md *Conventions*, the same with `--json`. */
export const ExitCode = {
  ok: 0,
  /** A credential is not valid, or the operation failed. */
  failed: 1,
  /** Usage or input error. */
  usage: 2,
  /** A service was unreachable. */
  unreachable: 3,
  /** Account not found. */
  notFound: 4,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * Something the user can fix: printed as a short message plus an optional hint, never with a stack.
 * Anything else that escapes is a bug and prints a (redacted) stack.
 */
export class UserError extends Error {
  readonly code: ExitCodeValue;
  readonly hint: string | undefined;
  constructor(message: string, options: { code?: ExitCodeValue; hint?: string } = {}) {
    super(message);
    this.name = 'UserError';
    this.code = options.code ?? ExitCode.failed;
    this.hint = options.hint;
  }
}

/** A usage or input error (exit 2). */
export function inputError(message: string, hint?: string): UserError {
  return new UserError(message, { code: ExitCode.usage, hint });
}

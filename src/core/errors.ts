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

/** What one thrown value means to a person: its exit code, message and hint, and whether it is a bug. */
export interface ErrorReport {
  code: ExitCodeValue;
  message: string;
  hint: string | undefined;
  /** Nothing a user did: shown with its (redacted) trace and a request to report it. */
  bug: boolean;
}

/**
 * The one mapping from anything thrown to what is reported, for the plain commands and the TUI alike: a
 * {@link UserError} (the store's errors are ones) as it says; an HTTP failure (an error with a `health`) exits 3
 * when the service was unreachable and 1 otherwise; anything else is a bug. Callers redact and sanitise the text.
 */
export function describeError(error: unknown): ErrorReport {
  if (error instanceof UserError) {
    // The service hands every failure on as a UserError (message + hint for a screen) keeping what was thrown as
    // its cause: a bug stays a bug.
    const cause = error.cause;
    const bug = cause instanceof Error && !(cause instanceof UserError) && describeError(cause).bug;
    return { code: error.code, message: error.message, hint: error.hint, bug };
  }
  const message = error instanceof Error ? error.message : String(error);
  const health = (error as { health?: unknown } | null)?.health;
  if (error instanceof Error && typeof health === 'string') {
    const code = health === 'unreachable' ? ExitCode.unreachable : ExitCode.failed;
    return { code, message, hint: undefined, bug: false };
  }
  return { code: ExitCode.failed, message, hint: undefined, bug: true };
}

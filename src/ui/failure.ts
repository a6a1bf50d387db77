/** What a screen shows of a job that failed: the service rejects with a UserError, whose text is already safe. */
import { describeError } from '../core/errors.js';

export interface Failure {
  message: string;
  hint: string | null;
}

/** The message and hint of what a service call rejected with. */
export function failureOf(error: unknown): Failure {
  const { message, hint } = describeError(error);
  return { message, hint: hint ?? null };
}

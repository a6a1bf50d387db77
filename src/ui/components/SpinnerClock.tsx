import type { ReactNode } from 'react';
import { SpinnerContext, useSpinnerClock } from '../hooks/use-spinner.js';

/** Props of {@link SpinnerClock}. */
export interface SpinnerClockProps {
  children: ReactNode;
  /** No ticks at all (the plain rendering prints every frame). */
  still?: boolean;
}

/** Runs the one spinner timer; only the spinners re-render on a tick. */
export function SpinnerClock({ children, still = false }: SpinnerClockProps) {
  const clock = useSpinnerClock(still ? null : 80);
  return <SpinnerContext.Provider value={clock}>{children}</SpinnerContext.Provider>;
}

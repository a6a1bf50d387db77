import type { ReactNode } from 'react';
import { SpinnerContext, useSpinnerClock } from '../hooks/use-spinner.js';

/** Props of {@link SpinnerClock}. */
export interface SpinnerClockProps {
  children: ReactNode;
}

/** Runs the one spinner timer; only the spinners re-render on a tick. */
export function SpinnerClock({ children }: SpinnerClockProps) {
  const clock = useSpinnerClock();
  return <SpinnerContext.Provider value={clock}>{children}</SpinnerContext.Provider>;
}

import { createContext, useContext, useEffect, useState } from 'react';

/** The shared spinner clock: one timer for every spinner on screen, running only while one is shown. */
export interface SpinnerClock {
  frame: number;
  /** Keeps the clock running until the returned function is called. */
  hold(): () => void;
}

/** Provided by components/SpinnerClock.tsx. */
export const SpinnerContext = createContext<SpinnerClock>({ frame: 0, hold: () => () => {} });

/**
 * The clock's state: ticks every `intervalMs` (never when null) while anything holds it. Kept apart from App's state
 * so that a tick re-renders the spinners only, not the 10,000-row screen around them.
 */
export function useSpinnerClock(intervalMs: number | null = 80): SpinnerClock {
  const [frame, setFrame] = useState(0);
  const [holders, setHolders] = useState(0);
  useEffect(() => {
    if (holders === 0 || intervalMs === null) return;
    const timer = setInterval(() => setFrame((f) => (f + 1) % 1_000_000), intervalMs);
    return () => clearInterval(timer);
  }, [holders, intervalMs]);
  const [hold] = useState(() => () => {
    setHolders((n) => n + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      setHolders((n) => n - 1);
    };
  });
  return { frame, hold };
}

/** The current frame number; the calling spinner keeps the clock running while it is mounted. */
export function useSpinnerFrame(): number {
  const clock = useContext(SpinnerContext);
  useEffect(() => clock.hold(), [clock.hold]);
  return clock.frame;
}

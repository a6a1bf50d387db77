import { Text } from 'ink';
import { useTheme } from '../context.js';
import { useSpinnerFrame } from '../hooks/use-spinner.js';
import { SYMBOLS } from '../theme.js';

/** Props of {@link Spinner}. */
export interface SpinnerProps {
  /** Shown after the spinner. */
  label?: string;
}

/** A spinner, with an optional label: work is in progress and input is not blocked. */
export function Spinner({ label }: SpinnerProps) {
  const frame = useSpinnerFrame();
  const theme = useTheme();
  return (
    <Text>
      <Text color={theme.accent}>{SYMBOLS.spinner[frame % SYMBOLS.spinner.length]}</Text>
      {label ? ` ${label}` : ''}
    </Text>
  );
}

import { Text } from 'ink';
import { healthWord } from '../../core/display.js';
import type { Health } from '../../core/vocabulary.js';
import { useTheme } from '../context.js';
import { Spinner } from './Spinner.js';

/** Props of {@link HealthBadge}. */
export interface HealthBadgeProps {
  health: Health;
  /** A check is in flight: a spinner instead of the word. */
  checking?: boolean;
}

/** The health of a credential as a coloured word (the word alone carries it under NO_COLOR). */
export function HealthBadge({ health, checking }: HealthBadgeProps) {
  const theme = useTheme();
  if (checking) return <Spinner label="checking" />;
  return <Text color={theme.health[health]}>{healthWord(health)}</Text>;
}

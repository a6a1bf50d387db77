import { Box, Text } from 'ink';
import { useTheme } from '../context.js';
import { SYMBOLS } from '../theme.js';

/** Props of {@link Message}. */
export interface MessageProps {
  tone: 'success' | 'warning' | 'error' | 'info';
  children: string;
  /** A second line saying what to do (`make a new token at …`). */
  hint?: string | null;
}

/** A result or refusal, with its hint: the short banner a user error gets. */
export function Message({ tone, children, hint }: MessageProps) {
  const theme = useTheme();
  const color = { info: undefined, success: theme.success, warning: theme.warning, error: theme.danger }[tone];
  const mark = { info: '', success: `${SYMBOLS.ok} `, warning: `${SYMBOLS.warning} `, error: `${SYMBOLS.fail} ` }[tone];
  return (
    <Box flexDirection="column">
      <Text color={color}>
        {mark}
        {children}
      </Text>
      {hint ? <Text color={theme.muted}>{`  ${hint}`}</Text> : null}
    </Box>
  );
}

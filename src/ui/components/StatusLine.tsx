import { Box, Text } from 'ink';
import { useTheme } from '../context.js';
import type { Status } from '../hooks/use-deck.js';
import { SYMBOLS } from '../theme.js';

/** Props of {@link StatusLine}. */
export interface StatusLineProps {
  status: Status | null;
}

/** One line saying what just happened (and a hint line for errors that have one). */
export function StatusLine({ status }: StatusLineProps) {
  const theme = useTheme();
  if (!status) return <Text> </Text>;
  const color = { info: undefined, success: theme.success, warning: theme.warning, error: theme.danger }[status.tone];
  const mark = { info: '', success: `${SYMBOLS.ok} `, warning: `${SYMBOLS.warning} `, error: `${SYMBOLS.fail} ` }[
    status.tone
  ];
  return (
    <Box flexDirection="column">
      <Text color={color} wrap="truncate-end">
        {mark}
        {status.text}
      </Text>
      {status.hint ? (
        <Text color={theme.muted} wrap="truncate-end">
          {`  ${status.hint}`}
        </Text>
      ) : null}
    </Box>
  );
}

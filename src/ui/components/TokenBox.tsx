import { Box, Text } from 'ink';
import { useTheme } from '../context.js';

/** Props of {@link TokenBox}. */
export interface TokenBoxProps {
  /** The new token: the only time it is ever shown. */
  token: string;
  expiresAt: string | null;
}

/**
 * The token just created, in a box, with the warning that it will not be shown again. The box has
 * no side borders so that a long token wrapped over several lines can be copied without `│`s.
 */
export function TokenBox({ token, expiresAt }: TokenBoxProps) {
  const theme = useTheme();
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={theme.warning} borderLeft={false} borderRight={false}>
      <Text bold color={theme.warning}>
        Copy it now; it will not be shown again.
      </Text>
      <Text>{token}</Text>
      <Text color={theme.muted}>{expiresAt ? `expires ${expiresAt}` : 'no expiry'}</Text>
    </Box>
  );
}

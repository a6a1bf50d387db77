import { Box, Text } from 'ink';
import { useTheme } from '../context.js';
import { humanTime } from '../time.js';

/** Props of {@link TokenBox}. */
export interface TokenBoxProps {
  /** The new token: the only time it is ever shown. */
  token: string;
  expiresAt: string | null;
}

/**
 * The token just created, in a box, with the warning that it will not be shown again. The box has
 * no side borders and the token starts in the first column, so the terminal gets it as one line
 * (the create-token hook holds it unbroken, see unbroken.ts) that a mouse selection copies whole, however it wraps.
 */
export function TokenBox({ token, expiresAt }: TokenBoxProps) {
  const theme = useTheme();
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={theme.warning} borderLeft={false} borderRight={false}>
      <Text bold color={theme.warning}>
        Copy it now; it will not be shown again.
      </Text>
      <Text>{token}</Text>
      <Text color={theme.muted}>{expiresAt ? `expires ${humanTime(expiresAt)}` : 'no expiry'}</Text>
    </Box>
  );
}

import { Box, Text } from 'ink';
import { formatCount } from '../../core/display.js';
import { maskSecret } from '../../core/mask.js';
import { useTheme } from '../context.js';
import { SYMBOLS } from '../theme.js';

/** Props of {@link SecretField}. */
export interface SecretFieldProps {
  label: string;
  /** The raw input so far (never drawn: only its length and masked ends). */
  value: string;
  focused: boolean;
  /** How many cells the bullets may take. */
  width: number;
  /** Why the token is refused (from `sanitizeSecret`), shown inline. */
  error?: string | null;
}

/**
 * The masked token field: a bullet per character up to the width, then how many characters arrived
 * and the masked ends (`eyJh…x9Qz`), so a person can see a long paste arrived whole.
 */
export function SecretField({ label, value, focused, width, error }: SecretFieldProps) {
  const theme = useTheme();
  // A paste that ends with a newline is as long as the token: the newline is not counted.
  const length = [...value.replace(/[\r\n]+$/, '')].length;
  const room = Math.max(4, width - label.length - 6);
  const bullets = SYMBOLS.bullet.repeat(Math.min(length, room)) + (length > room ? SYMBOLS.ellipsis : '');
  const trimmed = value.trim();
  return (
    <Box flexDirection="column">
      <Box>
        <Text
          color={focused ? theme.accent : undefined}
          bold={focused}
        >{`${focused ? SYMBOLS.cursor : ' '} ${label}: `}</Text>
        <Text>{bullets}</Text>
        {focused ? <Text inverse> </Text> : null}
      </Box>
      <Text color={theme.muted}>
        {length === 0
          ? '  paste the token (the input is hidden)'
          : `  ${formatCount(length)} ${length === 1 ? 'character' : 'characters'}${
              trimmed.length >= 1 ? `, ${maskSecret(trimmed)}` : ''
            }`}
      </Text>
      {error ? <Text color={theme.danger}>{`  ${error}`}</Text> : null}
    </Box>
  );
}

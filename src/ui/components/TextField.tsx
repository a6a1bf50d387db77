import { Box, Text } from 'ink';
import { useTheme } from '../context.js';
import { SYMBOLS } from '../theme.js';

/** Props of {@link TextField}. */
export interface TextFieldProps {
  label: string;
  value: string;
  /** The field has the keys: draws the cursor. */
  focused: boolean;
  /** Shown muted when the value is empty. */
  placeholder?: string;
  /** Why the value is refused, shown under the field. */
  error?: string | null;
}

/** A one-line text field. Its value lives in the screen's reducer; this only draws it. */
export function TextField({ label, value, focused, placeholder, error }: TextFieldProps) {
  const theme = useTheme();
  return (
    <Box flexDirection="column">
      <Box>
        {/* The `›` shows which field has the keys even without colour. */}
        <Text
          color={focused ? theme.accent : undefined}
          bold={focused}
        >{`${focused ? SYMBOLS.cursor : ' '} ${label}: `}</Text>
        {value === '' && placeholder ? (
          // A placeholder is what an empty field stands for: the cursor sits before it, as nothing is typed.
          <>
            {focused ? <Text inverse> </Text> : null}
            <Text color={theme.muted}>{placeholder}</Text>
          </>
        ) : (
          <>
            <Text>{value}</Text>
            {focused ? <Text inverse> </Text> : null}
          </>
        )}
      </Box>
      {error ? <Text color={theme.danger}>{`  ${error}`}</Text> : null}
    </Box>
  );
}

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
  /** Where the cursor is: this many code units before the end (0, the default: after the value). */
  back?: number;
  /** Why the value is refused, shown under the field. */
  error?: string | null;
}

/** A one-line text field. Its value lives in the screen's reducer; this only draws it. */
export function TextField({ label, value, focused, placeholder, back = 0, error }: TextFieldProps) {
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
          <TextWithCursor value={value} back={back} focused={focused} />
        )}
      </Box>
      {error ? <Text color={theme.danger}>{`  ${error}`}</Text> : null}
    </Box>
  );
}

/** A value with the cursor drawn `back` code units before its end: the character under it inverse. */
export function TextWithCursor({ value, back, focused }: { value: string; back: number; focused: boolean }) {
  if (!focused) return <Text>{value}</Text>;
  const at = Math.max(0, value.length - Math.max(0, back));
  const tail = value.slice(at);
  const under = tail === '' ? ' ' : String.fromCodePoint(tail.codePointAt(0)!);
  return (
    <>
      <Text>{value.slice(0, at)}</Text>
      <Text inverse>{under}</Text>
      <Text>{tail.slice(under.length)}</Text>
    </>
  );
}

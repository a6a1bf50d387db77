import { Text } from 'ink';
import { useTheme } from '../context.js';
import { type Binding, footerHints } from '../keymap.js';

/** Props of {@link KeyHints}. */
export interface KeyHintsProps {
  /** Every table whose hints are shown, in order. */
  bindings: ReadonlyArray<readonly Binding[]>;
  /** Extra hints not in a table (`Enter store`). */
  extra?: ReadonlyArray<{ keys: string; hint: string }>;
}

/** The footer: the main keys of the screen, from the keymap, cut to the terminal width. */
export function KeyHints({ bindings, extra = [] }: KeyHintsProps) {
  const theme = useTheme();
  const hints = [...bindings.flatMap((b) => footerHints(b)), ...extra];
  return (
    <Text wrap="truncate-end">
      {hints.map((h, i) => (
        <Text key={`${h.keys}-${h.hint}`}>
          {i > 0 ? '  ' : ''}
          <Text bold color={theme.accent}>
            {h.keys}
          </Text>{' '}
          <Text color={theme.muted}>{h.hint}</Text>
        </Text>
      ))}
    </Text>
  );
}

import { Box, Text } from 'ink';
import { useTheme } from '../context.js';
import type { PickerState } from '../hooks/use-picker.js';
import { SYMBOLS } from '../theme.js';

/** One choice of a {@link ChoiceList}. */
export interface Choice {
  key: string;
  label: string;
  /** Muted text after the label. */
  detail?: string;
  /** Marked with `●` (the active account of a slot). */
  marked?: boolean;
}

/** Props of {@link ChoiceList}. */
export interface ChoiceListProps {
  choices: readonly Choice[];
  picker: PickerState;
  /** How many choices are drawn at once: only those are rendered. */
  height: number;
  focused?: boolean;
}

/** A windowed list of choices with the highlighted one marked; its state lives in the screen's reducer. */
export function ChoiceList({ choices, picker, height, focused = true }: ChoiceListProps) {
  const theme = useTheme();
  const shown = choices.slice(picker.offset, picker.offset + height);
  return (
    <Box flexDirection="column">
      {picker.offset > 0 ? <Text color={theme.muted}>{`  ↑ ${picker.offset} more`}</Text> : null}
      {shown.map((choice, i) => {
        const selected = focused && picker.offset + i === picker.index;
        return (
          <Text key={choice.key} wrap="truncate-end">
            <Text color={theme.accent}>{selected ? `${SYMBOLS.cursor} ` : '  '}</Text>
            <Text color={theme.active}>
              {choice.marked ? `${SYMBOLS.active} ` : choice.marked === false ? '  ' : ''}
            </Text>
            <Text bold={selected} inverse={selected}>
              {choice.label}
            </Text>
            {choice.detail ? <Text color={theme.muted}>{`  ${choice.detail}`}</Text> : null}
          </Text>
        );
      })}
      {picker.offset + height < choices.length ? (
        <Text color={theme.muted}>{`  ↓ ${choices.length - picker.offset - height} more`}</Text>
      ) : null}
    </Box>
  );
}

import { Box, Text } from 'ink';
import { useEffect } from 'react';
import { KeyHints } from '../components/KeyHints.js';
import { Title } from '../components/Title.js';
import { useTheme } from '../context.js';
import { useEagerReducer } from '../hooks/use-eager-reducer.js';
import { useKeyOwner } from '../hooks/use-key-router.js';
import { useTerminalSize } from '../hooks/use-terminal-size.js';
import type { KeyPress } from '../key-press.js';
import { bindingKeys, HELP_SECTIONS, PICKER_KEYS, type PickerAction, resolveKey } from '../keymap.js';

/** One line of Help: a section title or a key and what it does. */
type HelpLine = { type: 'section'; title: string } | { type: 'key'; keys: string; help: string } | { type: 'gap' };

/** Every key, from the keymap itself, so Help can never disagree with the screens. */
export const HELP_LINES: readonly HelpLine[] = HELP_SECTIONS.flatMap((section, i) => [
  ...(i > 0 ? [{ type: 'gap' } as const] : []),
  { type: 'section', title: section.title } as const,
  ...section.bindings.map((b) => ({ type: 'key', keys: bindingKeys(b), help: b.help }) as const),
]);

/** How far Help is scrolled. */
interface HelpView {
  offset: number;
}

type HelpAction = { type: 'scroll'; action: PickerAction; height: number } | { type: 'fit'; height: number };

function helpReducer(state: HelpView, action: HelpAction): HelpView {
  const room = Math.max(0, HELP_LINES.length - action.height);
  const at = state.offset;
  const wanted =
    action.type === 'fit'
      ? at
      : {
          up: at - 1,
          down: at + 1,
          pageUp: at - action.height,
          pageDown: at + action.height,
          first: 0,
          last: room,
          choose: at,
        }[action.action];
  const offset = Math.max(0, Math.min(room, wanted));
  return offset === at ? state : { offset };
}

/** Help (`?`): every key of every screen; Esc returns to where you were. */
export function HelpScreen() {
  const theme = useTheme();
  const size = useTerminalSize();
  const height = Math.max(3, size.rows - 4);
  const [view, dispatch] = useEagerReducer(helpReducer, () => ({ offset: 0 }));
  useEffect(() => dispatch({ type: 'fit', height }), [height, dispatch]);

  useKeyOwner({
    mode: () => 'command',
    handle(press: KeyPress) {
      const action = resolveKey(PICKER_KEYS, press);
      if (action === null || action === 'choose') return false;
      dispatch({ type: 'scroll', action, height });
      return true;
    },
  });

  const keysWidth = Math.max(...HELP_LINES.map((l) => (l.type === 'key' ? l.keys.length : 0))) + 3;
  const shown = HELP_LINES.slice(view.offset, view.offset + height);
  const below = HELP_LINES.length - view.offset - shown.length;
  return (
    <Box flexDirection="column">
      <Title aside={view.offset > 0 || below > 0 ? '↑/↓ scroll' : undefined}>Help</Title>
      <Box flexDirection="column" height={height}>
        {shown.map((line, i) => {
          const key = `${view.offset + i}`;
          if (line.type === 'gap') return <Text key={key}> </Text>;
          if (line.type === 'section') {
            return (
              <Text key={key} bold color={theme.accent}>
                {line.title}
              </Text>
            );
          }
          return (
            <Text key={key} wrap="truncate-end">
              <Text bold>{`  ${line.keys.padEnd(keysWidth)}`}</Text>
              {line.help}
            </Text>
          );
        })}
      </Box>
      <KeyHints
        bindings={[]}
        extra={[
          ...(below > 0 ? [{ keys: '↓', hint: `${below} more` }] : []),
          { keys: 'Esc', hint: 'back', keep: true },
          { keys: 'q', hint: 'quit' },
        ]}
      />
    </Box>
  );
}

import { Text } from 'ink';
import { useTheme } from '../context.js';
import { useTerminalSize } from '../hooks/use-terminal-size.js';
import { type Binding, footerHints, GLOBAL_KEYS } from '../keymap.js';

/** One hint of a footer; `keep`: never dropped for lack of room (where you are, how to leave). */
export interface Hint {
  keys: string;
  hint: string;
  keep?: boolean;
}

/** Props of {@link KeyHints}. */
export interface KeyHintsProps {
  /** Every table whose hints are shown, in order (the global keys are kept when room runs out). */
  bindings: ReadonlyArray<readonly Binding[]>;
  /** Extra hints not in a table (`Enter store`). */
  extra?: ReadonlyArray<Hint>;
}

/** How wide a hint is on screen, with the two spaces before it. */
const widthOf = (h: Hint) => [...h.keys].length + 1 + [...h.hint].length + 2;

/**
 * The hints that fit in `columns`, in their order: every kept hint, then the others from the first
 * while room is left, so a narrow window loses `t rotate` rather than `Esc back` or `↓ 3 more`.
 */
export function fitHints(hints: readonly Hint[], columns: number): Hint[] {
  let room = columns + 2 - hints.filter((h) => h.keep).reduce((n, h) => n + widthOf(h), 0);
  const shown = new Set<Hint>();
  for (const h of hints) {
    if (h.keep) continue;
    if (widthOf(h) > room) break;
    room -= widthOf(h);
    shown.add(h);
  }
  return hints.filter((h) => h.keep || shown.has(h));
}

/** The footer: the main keys of the screen, from the keymap, fitted to the terminal width. */
export function KeyHints({ bindings, extra = [] }: KeyHintsProps) {
  const theme = useTheme();
  const { columns } = useTerminalSize();
  const all: Hint[] = [
    ...bindings.flatMap((b) => footerHints(b).map((h) => (b === GLOBAL_KEYS ? { ...h, keep: true } : h))),
    ...extra,
  ];
  const hints = fitHints(all, columns);
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

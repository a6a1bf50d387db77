/**
 * Every colour and symbol the TUI uses. Views ask the theme for a role (`health.expired`,
 * `accent`) and never name a colour themselves, so NO_COLOR is honoured in one place: with it, every
 * colour is undefined and the words and symbols carry the meaning alone.
 */
import { colorWanted } from '../core/color.js';
import type { Health } from '../core/vocabulary.js';

/** The colours Ink's `<Text color>` understands that we use. */
export type Color = 'green' | 'yellow' | 'red' | 'magenta' | 'gray' | 'cyan' | 'blue';

/** The symbols of the TUI, in one place. */
export const SYMBOLS = {
  active: '●',
  cursor: '›',
  ok: '✓',
  fail: '✗',
  warning: '⚠',
  bullet: '•',
  ellipsis: '…',
  separator: '·',
  spinner: ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'],
} as const;

/** Colour roles; undefined when colour is off. */
export interface Theme {
  /** Whether colours are on (NO_COLOR turns them off). */
  color: boolean;
  /** The badge colour of each health. */
  health: Record<Health, Color | undefined>;
  /** Titles, the cursor, keys in footers. */
  accent: Color | undefined;
  /** Secondary text: sources, hints, dates. */
  muted: Color | undefined;
  /** Errors and refusals. */
  danger: Color | undefined;
  /** Warnings and env-var banners. */
  warning: Color | undefined;
  /** Done, stored, valid. */
  success: Color | undefined;
  /** The `●` of the active account. */
  active: Color | undefined;
}

const HEALTH_COLORS: Record<Health, Color> = {
  valid: 'green',
  expiring: 'yellow',
  expired: 'red',
  rejected: 'red',
  insufficient_scope: 'magenta',
  unreachable: 'yellow',
  unchecked: 'gray',
};

/** Whether the screen gets colour: the plain commands' rule (core/color.ts) on the terminal the TUI draws on. */
export function colorEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return colorWanted(env, true);
}

/** The theme for a terminal with or without colour. */
export function createTheme(options: { color: boolean }): Theme {
  const on = <T>(value: T): T | undefined => (options.color ? value : undefined);
  return {
    color: options.color,
    health: Object.fromEntries(Object.entries(HEALTH_COLORS).map(([h, c]) => [h, on(c)])) as Record<
      Health,
      Color | undefined
    >,
    accent: on('cyan'),
    muted: on('gray'),
    danger: on('red'),
    warning: on('yellow'),
    success: on('green'),
    active: on('green'),
  };
}

/**
 * Which columns an account row shows at a given terminal width, and how wide each is. Narrow
 * terminals drop the least telling columns first (secret, deck, identity, expiry); what identifies a row
 * (provider and label, shortened) and the health badge always stay. The DECK column is there only when
 * some account is in a shared deck; once dropped, the label carries the deck (`team:bot-a`). Pure, so
 * the layout is tested without rendering.
 */

/** The columns of an account row after its `› ●` marker. */
export type ColumnName = 'provider' | 'label' | 'deck' | 'identity' | 'secret' | 'health' | 'expiry';

/** One column: its name and width in terminal cells. */
export interface Column {
  name: ColumnName;
  width: number;
}

/** The columns to draw and the width they were laid out for. */
export interface RowLayout {
  width: number;
  columns: Column[];
}

/** Width of the `› ● ` marker in front of every row. */
export const MARKER_WIDTH = 4;
const GAP = 1;

type Spec = { name: ColumnName; min: number; ideal: number; grow: boolean };

/** Display order with the width each column wants; `grow` columns take the spare room. */
const SPEC: readonly Spec[] = [
  // `platformsh` is 10; at 8 it still reads `platfor…` beside its label.
  { name: 'provider', min: 8, ideal: 10, grow: false },
  { name: 'label', min: 8, ideal: 16, grow: true },
  // As wide as the longest deck name (see `rowLayout`), between its title and this.
  { name: 'deck', min: 4, ideal: 4, grow: false },
  { name: 'identity', min: 20, ideal: 26, grow: true },
  // Masked secrets are at most `etm_beta_…abcd`: 14 cells.
  { name: 'secret', min: 14, ideal: 14, grow: false },
  // A spinner, a space and `unreachable`.
  { name: 'health', min: 13, ideal: 13, grow: false },
  // `expires in 364 days`, `expired 100 days ago`: shorter would cut the number.
  { name: 'expiry', min: 19, ideal: 20, grow: true },
];

/** Spare room goes first to the label, then to the expiry text, then to the identity. */
const FILL_ORDER: readonly ColumnName[] = ['provider', 'label', 'deck', 'expiry', 'identity', 'secret', 'health'];

/** Dropped in this order as the terminal narrows. */
const DROP_ORDER: readonly ColumnName[] = ['secret', 'deck', 'identity', 'expiry'];

/** The widest deck column: longer names are cut with `…`. */
export const MAX_DECK_WIDTH = 16;

/**
 * The row layout for a terminal `width` cells wide. `deckWidth`: the longest deck name among the accounts, in
 * cells; 0 (no account is in a deck) leaves the DECK column out.
 */
export function rowLayout(width: number, deckWidth = 0): RowLayout {
  const available = Math.max(0, width - MARKER_WIDTH - 1);
  const deck = Math.min(MAX_DECK_WIDTH, Math.max(4, deckWidth));
  const spec = SPEC.filter((s) => s.name !== 'deck' || deckWidth > 0).map((s) =>
    s.name === 'deck' ? { ...s, min: deck, ideal: deck } : s,
  );
  let shown = spec.map((s) => s.name);
  const minWidth = (names: ColumnName[]) =>
    names.reduce((sum, n) => sum + spec.find((s) => s.name === n)!.min, 0) + GAP * (names.length - 1);
  for (const name of DROP_ORDER) {
    if (minWidth(shown) <= available) break;
    shown = shown.filter((n) => n !== name);
  }
  const specs = spec.filter((s) => shown.includes(s.name));
  const widths = new Map(specs.map((s) => [s.name, s.min]));
  let spare = available - minWidth(shown);
  // First bring every column to its ideal width, then give what is left to the growing ones.
  for (const name of FILL_ORDER) {
    const s = specs.find((x) => x.name === name);
    if (!s) continue;
    const add = Math.min(spare, s.ideal - s.min);
    widths.set(s.name, s.min + Math.max(0, add));
    spare -= Math.max(0, add);
  }
  const growing = specs.filter((s) => s.grow);
  for (let i = 0; spare > 0 && growing.length > 0; i++, spare--) {
    const s = growing[i % growing.length]!;
    widths.set(s.name, widths.get(s.name)! + 1);
  }
  if (available < minWidth(shown)) {
    // Narrower than label + health at their minimum: squeeze the label.
    widths.set('label', Math.max(1, widths.get('label')! - (minWidth(shown) - available)));
  }
  return { width, columns: specs.map((s) => ({ name: s.name, width: widths.get(s.name)! })) };
}

/** `text` cut to `width` cells with `…` when too long, then padded to exactly `width`. */
export function fitCell(text: string, width: number): string {
  if (width <= 0) return '';
  const w = cellWidth(text);
  if (w <= width) return text + ' '.repeat(width - w);
  let out = '';
  let used = 0;
  for (const ch of text) {
    const cw = cellWidth(ch);
    if (used + cw > width - 1) break;
    out += ch;
    used += cw;
  }
  return `${out}…${' '.repeat(Math.max(0, width - used - 1))}`;
}

/** Code point ranges that take no cell: combining marks, zero-width characters, variation selectors. */
const ZERO_WIDTH: ReadonlyArray<readonly [number, number]> = [
  [0x0300, 0x036f],
  [0x200b, 0x200f],
  [0x20d0, 0x20ff],
  [0xfe00, 0xfe0f],
];
/** Code point ranges that take two cells: East Asian wide and full-width characters, and emoji. */
const WIDE: ReadonlyArray<readonly [number, number]> = [
  [0x1100, 0x115f],
  [0x2e80, 0xa4cf],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe30, 0xfe4f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x1f300, 0x1faff],
  [0x20000, 0x3fffd],
];

const within = (ranges: ReadonlyArray<readonly [number, number]>, cp: number) =>
  ranges.some(([lo, hi]) => cp >= lo && cp <= hi);

/** How many terminal cells `text` takes (close enough for names and emails; no dependency needed). */
export function cellWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x300) width += 1;
    else if (!within(ZERO_WIDTH, cp)) width += within(WIDE, cp) ? 2 : 1;
  }
  return width;
}

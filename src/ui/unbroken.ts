/**
 * Text that must reach the terminal as one unbroken line (a token just created): Ink wraps every
 * line to the window with hard line breaks, so a mouse selection of a wrapped token copies the breaks
 * too. While such a text is held, the output stream joins its hard-wrapped rows back into one line.
 * The rows it takes on screen stay the same (each wrapped row but the last is exactly as wide as the
 * window), so Ink's own count of lines to erase stays true; the terminal wraps the line itself and
 * knows it is one.
 */

const held = new Map<string, number>();

/** Keeps `text` unbroken on the terminal until the returned function is called. */
export function holdUnbroken(text: string): () => void {
  held.set(text, (held.get(text) ?? 0) + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const n = (held.get(text) ?? 1) - 1;
    if (n <= 0) held.delete(text);
    else held.set(text, n);
  };
}

/** `text` as Ink writes it wrapped at `columns`: rows of exactly `columns` characters, joined by newlines. */
export function hardWrapped(text: string, columns: number): string {
  const chars = [...text];
  const rows: string[] = [];
  for (let i = 0; i < chars.length; i += columns) rows.push(chars.slice(i, i + columns).join(''));
  return rows.join('\n');
}

/** `output` with the hard-wrapped form of every held text (printable ASCII only) joined into one line. */
export function joinHeld(output: string, columns: number | undefined): string {
  if (held.size === 0 || !columns || columns < 1) return output;
  let out = output;
  for (const text of held.keys()) {
    // Only text that takes one cell per character wraps predictably.
    if (text.length <= columns || !/^[\x21-\x7e]+$/.test(text)) continue;
    const wrapped = hardWrapped(text, columns);
    if (out.includes(wrapped)) out = out.split(wrapped).join(text);
  }
  return out;
}

/** The stream Ink renders to: `stdout` itself, except that writes keep held texts unbroken. */
export function unbrokenStream(stdout: NodeJS.WriteStream): NodeJS.WriteStream {
  const write = (chunk: unknown, ...rest: unknown[]) =>
    (stdout.write as (...args: unknown[]) => boolean)(
      typeof chunk === 'string' ? joinHeld(chunk, stdout.columns) : chunk,
      ...rest,
    );
  return new Proxy(stdout, {
    get(target, property) {
      if (property === 'write') return write;
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

import { useStdout } from 'ink';
import { useEffect, useState } from 'react';

/** The terminal's size in cells. */
export interface TerminalSize {
  columns: number;
  rows: number;
}

/** Used when the output is not a terminal (tests, pipes). */
const FALLBACK: TerminalSize = { columns: 100, rows: 24 };

function measure(stdout: NodeJS.WriteStream): TerminalSize {
  return { columns: stdout.columns || FALLBACK.columns, rows: stdout.rows || FALLBACK.rows };
}

/** The terminal size, following resizes live (the layout drops columns when it narrows). */
export function useTerminalSize(): TerminalSize {
  const { stdout } = useStdout();
  const [size, setSize] = useState(() => measure(stdout));
  useEffect(() => {
    const onResize = () =>
      setSize((old) => {
        const next = measure(stdout);
        return next.columns === old.columns && next.rows === old.rows ? old : next;
      });
    stdout.on('resize', onResize);
    onResize();
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return size;
}

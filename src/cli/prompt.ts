import { MAX_SECRET_BYTES, tooLarge } from './read-input.js';

/**
 * A masked prompt on the terminal for when the TUI cannot be used (stdout redirected):
 * echoes one `•` per character, keeps pasted chunks, Enter ends, Ctrl+C cancels. Like every input, it is
 * bounded: more than 16 KiB before Enter ends it with an input error.
 */
export async function promptSecret(question: string): Promise<Buffer | null> {
  // A terminal is the real process's: in-process runs are never interactive.
  const stdin = process.stdin;
  const out = process.stderr;
  // Raw mode first: keys typed as soon as the question shows are then never held by the line discipline.
  stdin.setRawMode?.(true);
  stdin.resume();
  out.write(question);
  const bytes: number[] = [];
  try {
    return await new Promise<Buffer | null>((resolvePrompt, rejectPrompt) => {
      const onData = (chunk: Buffer) => {
        for (const byte of chunk) {
          if (byte === 3) return finish(null); // Ctrl+C
          if (byte === 13 || byte === 10) return finish(Buffer.from(bytes));
          if (byte === 127 || byte === 8) {
            if (bytes.length > 0) {
              bytes.pop();
              out.write('\b \b');
            }
            continue;
          }
          bytes.push(byte);
          if (bytes.length > MAX_SECRET_BYTES) return finish(tooLarge('the token', MAX_SECRET_BYTES));
          if (byte >= 0x20 && (byte < 0x80 || byte >= 0xc0)) out.write('•');
        }
      };
      const finish = (value: Buffer | null | Error) => {
        stdin.off('data', onData);
        out.write('\n');
        if (value instanceof Error) rejectPrompt(value);
        else resolvePrompt(value);
      };
      stdin.on('data', onData);
    });
  } finally {
    stdin.setRawMode?.(false);
    stdin.pause();
  }
}

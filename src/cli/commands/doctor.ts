import { cliService } from '../context.js';
import { colorEnabled, notice, type OutputOptions, painter, printJson, writeOut } from '../output.js';

/** `authdeck doctor [--repair]`: diagnose the store; with --repair, fix what can be fixed. */
export default async function doctor(options: OutputOptions & { repair?: boolean }): Promise<number> {
  const { dir, repaired, findings } = await (await cliService()).doctor({ repair: options.repair });
  if (options.json) {
    printJson({ dir, repaired, findings });
  } else {
    const paint = painter(colorEnabled());
    for (const r of repaired) writeOut(`${paint('green', 'repaired')}  ${r}\n`);
    for (const f of findings) {
      const badge =
        f.status === 'ok'
          ? paint('green', 'ok     ')
          : f.status === 'warning'
            ? paint('yellow', 'warning')
            : paint('red', 'problem');
      writeOut(`${badge}  ${f.check.padEnd(11)} ${f.message}\n`);
    }
    if (findings.some((f) => f.repair)) notice('Run `authdeck doctor --repair` to fix what is marked.', options);
  }
  return findings.some((f) => f.status === 'problem') ? 1 : 0;
}

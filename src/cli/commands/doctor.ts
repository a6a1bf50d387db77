import { diagnose, repair } from '../../store/doctor.js';
import { configDir } from '../../store/paths.js';
import { colorEnabled, notice, type OutputOptions, painter, printJson, writeOut } from '../output.js';

/** `authdeck doctor [--repair]`: diagnose the store; with --repair, fix what can be fixed. */
export default async function doctor(options: OutputOptions & { repair?: boolean }): Promise<number> {
  const dir = configDir();
  const repaired = options.repair ? repair(dir) : [];
  const findings = diagnose(dir);
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

/**
 * The config directory's upkeep as the app layer's {@link Upkeep} port (src/core/ports.ts): `doctor`'s
 * diagnosis and repair, and reading the audit log for `log`.
 */
export { readAudit } from './audit.js';
export { diagnose, repair } from './doctor.js';

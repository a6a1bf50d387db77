import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where authdeck keeps its files: `$AUTHDECK_CONFIG_DIR`, else `$XDG_CONFIG_HOME/authdeck`,
 * else `~/.config/authdeck` (on Windows `%APPDATA%\authdeck`). No `-nodejs` suffix.
 */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.AUTHDECK_CONFIG_DIR) return env.AUTHDECK_CONFIG_DIR;
  if (env.XDG_CONFIG_HOME) return join(env.XDG_CONFIG_HOME, 'authdeck');
  if (process.platform === 'win32' && env.APPDATA) return join(env.APPDATA, 'authdeck');
  return join(env.HOME || homedir(), '.config', 'authdeck');
}

/** The files inside the config directory. */
export function storePaths(dir: string) {
  return {
    dir,
    config: join(dir, 'config.json'),
    backup: join(dir, 'config.backup.json'),
    lock: join(dir, 'config.json.lock'),
    log: join(dir, 'audit.log'),
  };
}

/** The local filesystem as the app layer's HostFiles port: directory bindings and the TUI's watch of the config. */
import { existsSync, realpathSync, statSync, watch } from 'node:fs';
import type { HostFiles } from '../core/ports.js';

export const hostFiles: HostFiles = {
  realpath(path) {
    try {
      return realpathSync(path);
    } catch {
      return path;
    }
  },
  isDirectory(path) {
    try {
      return statSync(path).isDirectory();
    } catch {
      return null;
    }
  },
  exists: (path) => existsSync(path),
  watch(dir, onChange) {
    try {
      const watcher = watch(dir, { persistent: false }, (_event, file) =>
        onChange(file === null ? null : String(file)),
      );
      watcher.on('error', () => {});
      return () => watcher.close();
    } catch {
      // No watching where the platform cannot (the screen still reloads after its own changes).
      return () => {};
    }
  },
};

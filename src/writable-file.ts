import { statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from './usage-error.js';

/**
 * Refuses, before any work is done, a file option the run could not write at its end: a path that is a
 * folder, or whose folder does not exist. `option` names it for the message ("--output", "the baseline").
 */
export function assertWritableFile(path: string, option: string): void {
  const target = resolve(path);
  if (kindOf(target) === 'folder') {
    throw new UsageError(`${option} ${path} is a folder: give the path of a file to write`);
  }
  const folder = dirname(target);
  const folderKind = kindOf(folder);
  if (folderKind !== 'folder') {
    throw new UsageError(
      `${option} ${path} cannot be written: ${folder} ${folderKind === 'missing' ? 'does not exist' : 'is not a folder'}; create it first or choose another path`,
    );
  }
}

/** Writes the file, or says in one line why it could not be written (a read-only file, a full disk). */
export function writeFileFor(option: string, path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (error) {
    throw new UsageError(
      `${option} ${path} cannot be written: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
}

function kindOf(path: string): 'file' | 'folder' | 'missing' {
  try {
    return statSync(path).isDirectory() ? 'folder' : 'file';
  } catch {
    return 'missing';
  }
}

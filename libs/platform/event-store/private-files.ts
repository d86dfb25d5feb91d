import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';

/**
 * The data folder holds personal data (names and e-mails in the read models, sealed events, keys):
 * the folder is its owner's only (0700), and so is every file the stores create in it (0600).
 * SQLite gives a database's -wal and -shm files the permissions of the database file itself.
 */
export function privateFolder(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
}

/** Creates the file empty with 0600 if it does not exist yet, and narrows an older one to 0600. */
export function privateFile(file: string): void {
  if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);
}

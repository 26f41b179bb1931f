/**
 * What this process says it is to another one waiting for the embedded database: set by the CLI
 * to the command it runs. Apart from the lock itself so that setting it loads nothing: most
 * commands never take the lock, and the lock's module pulls in sockets and hashing.
 */
let command = 'reclaim';

export function setLockCommand(name: string): void {
  command = name;
}

export function lockCommand(): string {
  return command;
}

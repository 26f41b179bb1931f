import type { Command } from 'commander';
import type { Io } from '../context.js';

/** A command file's one export: adds its sub-command to the program. */
export type RegisterCommand = (program: Command, io: Io, setExit: (code: number) => void) => void;

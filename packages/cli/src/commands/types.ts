/** How a command plugs into the program: one file per resource, one `register` each. */
import type { Command } from 'commander';
import type { CommandContext } from '../context.ts';

export type RegisterCommand = (
  program: Command,
  ctx: () => CommandContext,
  setExitCode: (code: number) => void,
) => void;

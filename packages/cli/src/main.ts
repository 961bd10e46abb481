/**
 * `costlens` — parses arguments, calls core, prints. Errors map to exit codes through one table
 * (exit-codes.ts); a CostLensError prints its message, its located issues and a hint.
 */
import { Command, CommanderError } from 'commander';
import { formatIssue, isCostLensError } from '@costlens/core';
import { loadConfig } from './config.ts';
import { createContext } from './context.ts';
import type { CommandContext } from './context.ts';
import { EXIT, EXIT_BY_CODE } from './exit-codes.ts';
import { createOutput } from './output.ts';
import { COMMANDS } from './commands/index.ts';

export interface GlobalOptions {
  db?: string;
  json?: boolean;
}

export async function run(argv: readonly string[]): Promise<number> {
  const program = new Command('costlens')
    .description('CostLens: FOCUS billing data, quality, analysis and insights — self-hosted.')
    .option('--db <path>', 'DuckDB database file (default ./costlens.duckdb, or COSTLENS_DB)')
    .option('--json', 'print machine-readable JSON')
    .exitOverride()
    .showHelpAfterError();

  let exitCode: number = EXIT.ok;
  let ctx: (CommandContext & { closeAll(): Promise<void> }) | undefined;
  const getContext = (): CommandContext => {
    if (!ctx) {
      const g = program.opts<GlobalOptions>();
      const config = loadConfig(g.db ? { db: g.db } : {}, process.env, process.cwd());
      ctx = createContext(config, createOutput({ json: Boolean(g.json) }));
    }
    return ctx;
  };
  for (const register of COMMANDS) {
    register(program, getContext, (code) => {
      exitCode = code;
    });
  }

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (e) {
    exitCode = report(e, Boolean(program.opts<GlobalOptions>().json));
  } finally {
    await ctx?.closeAll().catch(() => undefined);
  }
  return exitCode;
}

function report(e: unknown, json: boolean): number {
  if (e instanceof CommanderError) {
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return EXIT.ok;
    return EXIT.usage;
  }
  if (isCostLensError(e)) {
    if (json) {
      process.stdout.write(
        `${JSON.stringify({ error: { code: e.code, message: e.message, hint: e.hint, issues: e.issues } }, null, 2)}\n`,
      );
    } else {
      process.stderr.write(`error: ${e.message}\n`);
      for (const issue of e.issues.slice(0, 20)) process.stderr.write(`  ${formatIssue(issue)}\n`);
      if (e.issues.length > 20) process.stderr.write(`  … and ${e.issues.length - 20} more\n`);
      if (e.hint) process.stderr.write(`Hint: ${e.hint}\n`);
    }
    return EXIT_BY_CODE[e.code];
  }
  process.stderr.write(`error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  return EXIT.internal;
}

const isMain = process.argv[1] && /costlens(\.js)?$|main\.ts$/.test(process.argv[1]);
if (isMain) {
  process.exitCode = await run(process.argv.slice(2));
}

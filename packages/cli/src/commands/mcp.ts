/**
 * `costlens mcp` — serves the assistant's tools to an MCP client (Claude Desktop, an IDE, an
 * agent) over stdio. stdout carries only the protocol; messages go to stderr. Read-only (viewer)
 * unless --role allows more: the local user owns the database file, so the flag is theirs to set.
 */
import { CostLensError, isRole, serveMcpStdio } from '@costlens/core';
import type { RegisterCommand } from './types.ts';

export const registerMcp: RegisterCommand = (program, ctx) => {
  program
    .command('mcp')
    .description(
      'Serve the assistant tools (query_costs, explain_change, list_anomalies, forecast, list_recommendations, check_recommendation, data_quality, …) to an MCP client over stdio. Over HTTP, the server offers the same at /mcp with a Bearer token.',
    )
    .option(
      '--role <role>',
      'viewer (read-only, default), approver (may approve) or admin',
      'viewer',
    )
    .action(async (flags: { role: string }) => {
      if (!isRole(flags.role)) {
        throw new CostLensError({
          code: 'INVALID_INPUT',
          message: `--role must be viewer, approver or admin (got "${flags.role}").`,
          hint: 'Leave it out for a read-only server.',
        });
      }
      const { openStore, actor } = ctx();
      const wh = await openStore();
      process.stderr.write(`costlens mcp: serving ${flags.role} tools over stdio\n`);
      await serveMcpStdio(
        { wh, role: flags.role, actor: `mcp:${actor}` },
        process.stdin,
        process.stdout,
      );
    });
};

/**
 * `POST /mcp` — the assistant's tools over MCP streamable HTTP, for agents that reach CostLens
 * over the network. The access policy has already authenticated the caller (Bearer API token →
 * role); each request gets its own stateless MCP server bound to that role, so a viewer's token
 * lists and runs read-only tools only and a mutating call is refused. No sessions are kept.
 */
import { handleMcpHttp } from '@costlens/core';
import type { RegisterRoutes } from '../app-types.ts';

export const registerMcpRoutes: RegisterRoutes = (app, { warehouse, config }) => {
  app.post(
    '/mcp',
    { schema: { summary: 'MCP streamable HTTP (JSON-RPC; tools allowed by the token role)' } },
    async (req, reply) => {
      const principal = req.principal!;
      reply.hijack();
      try {
        await handleMcpHttp(
          { wh: warehouse, role: principal.role, actor: principal.actor, version: config.version },
          req.raw,
          reply.raw,
          req.body,
        );
      } catch (err) {
        // The response is ours now (hijacked): answer as JSON-RPC instead of leaving it hanging.
        req.log.error({ err }, 'MCP request failed');
        if (!reply.raw.headersSent) {
          reply.raw.writeHead(500, { 'content-type': 'application/json' });
          reply.raw.end(
            JSON.stringify({
              jsonrpc: '2.0',
              id: null,
              error: { code: -32603, message: 'internal error' },
            }),
          );
        }
      }
    },
  );
};

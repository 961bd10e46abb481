/**
 * The two ways CostLens serves MCP: stdio (`costlens mcp`, one local client, the process's own
 * streams passed in) and streamable HTTP (the server's `/mcp`, stateless: one MCP server per
 * request, bound to the caller the HTTP layer authenticated, JSON responses, no sessions to leak
 * a role across callers). Core stays free of process globals: streams and requests come in.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable, Writable } from 'node:stream';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { createMcpServer } from './create-mcp-server.ts';
import type { McpServerOptions } from './create-mcp-server.ts';

/**
 * Serves MCP over a pair of streams until the input ends; resolves then.
 * @example await serveMcpStdio({ wh, role: 'viewer', actor: 'cli:me' }, process.stdin, process.stdout);
 */
export async function serveMcpStdio(
  opts: McpServerOptions,
  input: Readable,
  output: Writable,
): Promise<void> {
  const server = createMcpServer(opts);
  const transport = new StdioServerTransport(input, output);
  const closed = new Promise<void>((resolve) => {
    server.onclose = () => resolve();
    input.once('end', () => void server.close().then(resolve, resolve));
  });
  await server.connect(transport);
  await closed;
}

/**
 * Answers one streamable-HTTP MCP request (POST JSON-RPC; GET/DELETE get 405 in stateless mode).
 * `body` is the already-parsed JSON body when the HTTP framework parsed it.
 */
export async function handleMcpHttp(
  opts: McpServerOptions,
  req: IncomingMessage,
  res: ServerResponse,
  body?: unknown,
): Promise<void> {
  const server = createMcpServer(opts);
  const transport = new StreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    enableJsonResponse: true,
  });
  res.on('close', () => {
    void transport.close();
    void server.close();
  });
  await server.connect(transport);
  await transport.handleRequest(req, res, body);
}

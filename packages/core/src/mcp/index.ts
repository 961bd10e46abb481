/** The MCP adapter's public surface: the server over the assistant's tools, and its transports. */
export { createMcpServer, mcpToolOf } from './create-mcp-server.ts';
export type { McpServerOptions } from './create-mcp-server.ts';
export { handleMcpHttp, serveMcpStdio } from './mcp-transports.ts';

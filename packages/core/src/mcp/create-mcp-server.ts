/**
 * The MCP server: every assistant tool the connection's role allows, over any MCP transport.
 * Tools come from the one registry and run through `runTool`, so the role check and the zod
 * argument check are the same as everywhere else. A tool above the role is neither listed nor run
 * (a call is refused with a plain message). Results are the tool's summary as text plus the whole
 * ToolResult as structuredContent. Errors become `isError` results with the code, message and hint.
 */
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import { findTool, runTool, toolsForRole } from '../assistant/tools/registry.ts';
import { toolJsonSchema } from '../assistant/tools/tool-json-schema.ts';
import type { AssistantTool } from '../assistant/types.ts';
import type { Role } from '../auth/roles.ts';
import { hasRole } from '../auth/roles.ts';
import { isCostLensError } from '../errors.ts';
import type { Warehouse } from '../store/warehouse.ts';

export interface McpServerOptions {
  wh: Warehouse;
  /** The connection's role: tools above it are hidden and refused. */
  role: Role;
  /** Who is calling, for the audit log (`token:<id>`, `cli:<user>`). */
  actor: string;
  /** Reference clock for relative time ranges (tests). */
  now?: Date;
  version?: string;
}

/** The MCP tool listing entry for one assistant tool (JSON Schema from its zod schema). */
export function mcpToolOf(tool: AssistantTool): Tool {
  return {
    name: tool.name,
    description: tool.description,
    inputSchema: toolJsonSchema(tool) as Tool['inputSchema'],
    annotations: { readOnlyHint: !tool.mutates, destructiveHint: false, openWorldHint: false },
  };
}

/**
 * Creates an MCP server bound to one store and one caller; connect it to a transport.
 * @example await createMcpServer({ wh, role: 'viewer', actor: 'cli:me' }).connect(new StdioServerTransport());
 */
export function createMcpServer(opts: McpServerOptions): Server {
  const server = new Server(
    { name: 'costlens', version: opts.version ?? '0.1.0' },
    {
      capabilities: { tools: {} },
      instructions:
        'CostLens answers cost questions over FOCUS billing data. Every number comes from a tool result; quote numbers exactly as returned.',
    },
  );
  server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: toolsForRole(opts.role).map(mcpToolOf),
  }));
  server.setRequestHandler(CallToolRequestSchema, async (req): Promise<CallToolResult> => {
    const tool = findTool(req.params.name);
    if (tool && !hasRole(opts.role, tool.minRole)) {
      return errorResult(
        `FORBIDDEN: ${tool.name} needs the ${tool.minRole} role; this connection is ${opts.role}. Nothing was changed.`,
      );
    }
    try {
      const result = await runTool(
        req.params.name,
        { wh: opts.wh, role: opts.role, actor: opts.actor, ...(opts.now ? { now: opts.now } : {}) },
        req.params.arguments ?? {},
      );
      return {
        content: [{ type: 'text', text: result.summary }],
        structuredContent: { ...result } as Record<string, unknown>,
      };
    } catch (e) {
      if (!isCostLensError(e)) throw e;
      const issues = e.issues.map((i) => `${i.column ? `${i.column}: ` : ''}${i.message}`);
      return errorResult(
        [`${e.code}: ${e.message}`, ...issues, e.hint ? `Hint: ${e.hint}` : '']
          .filter(Boolean)
          .join('\n'),
      );
    }
  });
  return server;
}

function errorResult(text: string): CallToolResult {
  return { isError: true, content: [{ type: 'text', text }] };
}

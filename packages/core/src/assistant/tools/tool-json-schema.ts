/**
 * A tool's input as JSON Schema (from its zod schema), the form MCP clients and language models
 * read. Always an object schema; `$schema` dropped. Defaults show; arguments are still validated by
 * `runTool` with the zod schema itself.
 */
import { z } from 'zod';
import type { AssistantTool } from '../types.ts';

export type JsonObjectSchema = { type: 'object'; [key: string]: unknown };

/** The JSON Schema of `tool`'s input. */
export function toolJsonSchema(tool: AssistantTool): JsonObjectSchema {
  const schema = z.toJSONSchema(tool.inputSchema, {
    io: 'input',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  delete schema['$schema'];
  return { ...schema, type: 'object' };
}

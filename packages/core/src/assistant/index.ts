/** The assistant's public surface: the contract, the tool registry, and (appended) the engines. */
export type * from './types.ts';
export { ASSISTANT_TOOLS, findTool, runTool, toolsForRole } from './tools/registry.ts';
export * from './retrieval/index.ts';

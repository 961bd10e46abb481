/**
 * Provider names as CostLens spells them, and whether a cloud invoice already carries their cost
 * (Bedrock in the AWS CUR, Azure OpenAI in Azure exports, Vertex in GCP billing) or the provider
 * bills directly (OpenAI, Anthropic). Gateways and telemetry name providers in their own ways.
 */
import type { BilledVia } from './usage-event.ts';

const ALIASES: Record<string, string> = {
  openai: 'openai',
  'azure.ai.openai': 'azure-openai',
  azure: 'azure-openai',
  azure_ai: 'azure-openai',
  'azure-openai': 'azure-openai',
  anthropic: 'anthropic',
  'aws.bedrock': 'aws-bedrock',
  bedrock: 'aws-bedrock',
  bedrock_converse: 'aws-bedrock',
  'aws-bedrock': 'aws-bedrock',
  'gcp.vertex_ai': 'gcp-vertex',
  'gcp.gemini': 'gcp-vertex',
  vertex_ai: 'gcp-vertex',
  'vertex_ai-language-models': 'gcp-vertex',
  'gcp-vertex': 'gcp-vertex',
  'gcp.gen_ai': 'gcp-vertex',
  gemini: 'google-ai-studio',
  mistral: 'mistral',
  mistral_ai: 'mistral',
  cohere: 'cohere',
  groq: 'groq',
  deepseek: 'deepseek',
  x_ai: 'xai',
  xai: 'xai',
};

const CLOUD_BILLED = new Set(['aws-bedrock', 'azure-openai', 'gcp-vertex']);

/** `aws.bedrock` / `bedrock_converse` → `aws-bedrock`; unknown names are kept, lower-cased. */
export function normalizeProvider(name: string | null | undefined): string {
  const key = (name ?? '').trim().toLowerCase();
  return ALIASES[key] ?? (key || 'unknown');
}

export function billedViaOf(provider: string): BilledVia {
  return CLOUD_BILLED.has(provider) ? 'cloud-bill' : 'direct';
}

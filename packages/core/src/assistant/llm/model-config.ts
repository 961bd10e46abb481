/**
 * The optional language model's configuration: off unless a provider is named, either in the
 * config file (`assistant.model`) or by COSTLENS_LLM_PROVIDER / _BASE_URL / _MODEL / _API_KEY
 * (environment over file). Normalized once; core receives the environment as a plain object and
 * never reads process.env itself. An API key is never logged or sent anywhere but its provider.
 */
import { z } from 'zod';
import { CostLensError } from '../../errors.ts';

export const LLM_PROVIDERS = ['openai-compatible', 'anthropic', 'bedrock'] as const;
export type LlmProvider = (typeof LLM_PROVIDERS)[number];

/** `assistant.model` as written in costlens.config.json. */
export const ModelConfigSpec = z
  .object({
    provider: z.enum(LLM_PROVIDERS),
    model: z.string().min(1),
    /** OpenAI-compatible endpoint (OpenAI `https://api.openai.com/v1`, Azure, Ollama, vLLM). */
    baseURL: z.url().optional(),
    apiKey: z.string().min(1).optional(),
    /** Bedrock region. */
    region: z.string().min(1).optional(),
    /** Tool-call rounds before the model must answer (default 6). */
    maxSteps: z.number().int().min(1).max(20).optional(),
  })
  .strict();
export type ModelConfigSpec = z.infer<typeof ModelConfigSpec>;

export interface ModelConfig {
  readonly provider: LlmProvider;
  readonly model: string;
  readonly baseURL?: string;
  readonly apiKey?: string;
  readonly region?: string;
  readonly maxSteps: number;
  /** `model:<provider>/<model>`, what AskResult.engine says. */
  readonly engine: string;
}

/**
 * The model configuration, or null when none is configured (the default: offline only).
 * @example modelConfigFrom({ COSTLENS_LLM_PROVIDER: 'openai-compatible', COSTLENS_LLM_MODEL: 'llama3.1', COSTLENS_LLM_BASE_URL: 'http://localhost:11434/v1' })
 */
export function modelConfigFrom(
  env: Readonly<Record<string, string | undefined>>,
  file?: unknown,
): ModelConfig | null {
  const fromFile = file === undefined ? {} : (file as Record<string, unknown>);
  const pick = (envKey: string, fileKey: string) => {
    const v = env[envKey];
    return v !== undefined && v !== '' ? v : fromFile[fileKey];
  };
  const merged = Object.fromEntries(
    Object.entries({
      ...fromFile,
      provider: pick('COSTLENS_LLM_PROVIDER', 'provider'),
      model: pick('COSTLENS_LLM_MODEL', 'model'),
      baseURL: pick('COSTLENS_LLM_BASE_URL', 'baseURL'),
      apiKey: pick('COSTLENS_LLM_API_KEY', 'apiKey'),
      region: pick('COSTLENS_LLM_REGION', 'region'),
    }).filter(([, v]) => v !== undefined),
  );
  if (
    merged['provider'] === undefined ||
    merged['provider'] === 'none' ||
    merged['provider'] === 'off'
  ) {
    return null;
  }
  const parsed = ModelConfigSpec.safeParse(merged);
  if (!parsed.success) {
    throw new CostLensError({
      code: 'INVALID_INPUT',
      message: 'the assistant model configuration is invalid',
      issues: parsed.error.issues.map((i) => ({
        column: `assistant.model.${i.path.join('.') || '(root)'}`,
        message: i.message,
      })),
      hint: `Set COSTLENS_LLM_PROVIDER (${LLM_PROVIDERS.join(', ')}) and COSTLENS_LLM_MODEL, plus COSTLENS_LLM_BASE_URL for an OpenAI-compatible server; or unset COSTLENS_LLM_PROVIDER to stay offline.`,
    });
  }
  const p = parsed.data;
  if (p.provider === 'openai-compatible' && !p.baseURL) {
    throw new CostLensError({
      code: 'INVALID_INPUT',
      message: 'an openai-compatible model needs a base URL',
      issues: [{ column: 'assistant.model.baseURL', message: 'required for openai-compatible' }],
      hint: 'e.g. COSTLENS_LLM_BASE_URL=https://api.openai.com/v1 or http://localhost:11434/v1 (Ollama).',
    });
  }
  return {
    provider: p.provider,
    model: p.model,
    ...(p.baseURL ? { baseURL: p.baseURL } : {}),
    ...(p.apiKey ? { apiKey: p.apiKey } : {}),
    ...(p.region ? { region: p.region } : {}),
    maxSteps: p.maxSteps ?? 6,
    engine: `model:${p.provider}/${p.model}`,
  };
}

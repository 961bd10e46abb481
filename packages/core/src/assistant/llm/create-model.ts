/**
 * Turns a ModelConfig into an AI SDK language model. OpenAI-compatible endpoints (OpenAI, Azure
 * OpenAI, Ollama, vLLM, LiteLLM) use chat completions; Anthropic and Bedrock their own providers.
 * `fetch` is passed through so every request body can be logged before it leaves the process.
 */
import { createAmazonBedrock } from '@ai-sdk/amazon-bedrock';
import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { LanguageModel } from 'ai';
import type { ModelConfig } from './model-config.ts';

export type FetchLike = typeof globalThis.fetch;

/** The language model for `cfg`, making its HTTP calls through `fetch`. */
export function createLanguageModel(cfg: ModelConfig, fetch: FetchLike): LanguageModel {
  switch (cfg.provider) {
    case 'openai-compatible':
      return createOpenAICompatible({
        name: 'costlens-llm',
        baseURL: cfg.baseURL!,
        ...(cfg.apiKey ? { apiKey: cfg.apiKey } : {}),
        fetch,
      }).chatModel(cfg.model);
    case 'anthropic':
      return createAnthropic({
        ...(cfg.apiKey ? { apiKey: cfg.apiKey } : {}),
        ...(cfg.baseURL ? { baseURL: cfg.baseURL } : {}),
        fetch,
      })(cfg.model);
    case 'bedrock':
      return createAmazonBedrock({
        ...(cfg.region ? { region: cfg.region } : {}),
        ...(cfg.apiKey ? { apiKey: cfg.apiKey } : {}),
        ...(cfg.baseURL ? { baseURL: cfg.baseURL } : {}),
        fetch,
      })(cfg.model);
  }
}

/** The optional language model: configuration, provider wiring, the send log, the grounded answer. */
export { LLM_PROVIDERS, ModelConfigSpec, modelConfigFrom } from './model-config.ts';
export type { LlmProvider, ModelConfig } from './model-config.ts';
export { createLanguageModel } from './create-model.ts';
export type { FetchLike } from './create-model.ts';
export { jsonlSendLog, memorySendLog } from './send-log.ts';
export type { SendLog, SentEntry } from './send-log.ts';
export { answerWithModel, SYSTEM_PROMPT } from './answer-with-model.ts';
export type { ModelAnswerOptions } from './answer-with-model.ts';

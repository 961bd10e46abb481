/** The assistant's public surface: the contract, the tool registry, and (appended) the engines. */
export type * from './types.ts';
export { ASSISTANT_TOOLS, findTool, runTool, toolsForRole } from './tools/registry.ts';
export { answerQuestion } from './ask.ts';
export type { AnswerOptions } from './ask.ts';
export { assertGrounded, groundingIssues, numbersIn } from './grounding.ts';
export type { GroundingIssue } from './grounding.ts';
export { redactText, redactWithCounts } from './redact.ts';
export type { RedactOptions, RedactionKind } from './redact.ts';
export { logQuestion, questionPatterns, questionTemplate } from './question-log.ts';
export type { LogQuestionInput, QuestionPattern } from './question-log.ts';
export { QUESTION_LOG_MIGRATION } from './question-log-schema.ts';
export { findTimeExpressions } from './time-expressions.ts';
export type { TimeExpression } from './time-expressions.ts';
export * from './retrieval/index.ts';
export * from './llm/index.ts';
export { ask } from './ask-router.ts';
export type { AskRouterOptions } from './ask-router.ts';
export {
  AssistantConfigSpec,
  assistantRuntime,
  assistantSettingsFrom,
} from './assistant-settings.ts';
export type { AssistantRuntime, AssistantSettings } from './assistant-settings.ts';

/**
 * The assistant's settings, normalized once from the `assistant` section of costlens.config.json
 * and the environment (COSTLENS_LLM_*): the optional model (off by default), the notes folders
 * retrieval indexes, where saved answers live, which tag keys are sensitive, and where the model's
 * send log goes. Paths resolve against the folder the caller names (the CLI's working directory);
 * core itself reads neither the environment nor the working directory.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { CostLensError } from '../errors.ts';
import { modelConfigFrom } from './llm/model-config.ts';
import type { ModelConfig } from './llm/model-config.ts';
import { jsonlSendLog } from './llm/send-log.ts';
import type { SendLog } from './llm/send-log.ts';
import { BUNDLED_NOTES_DIR, loadNotes } from './retrieval/load-notes.ts';
import { buildNoteIndex } from './retrieval/note-index.ts';
import type { NoteIndex } from './retrieval/note-index.ts';

/** `assistant` in costlens.config.json. */
export const AssistantConfigSpec = z
  .object({
    /** `{ provider, model, baseURL?, apiKey?, region?, maxSteps? }`; absent = offline only. */
    model: z.record(z.string(), z.unknown()).optional(),
    /** Folder of markdown notes and runbooks (default ./notes when present, plus the bundled ones). */
    notesDir: z.string().min(1).optional(),
    /** Folder saved answers are written to and cited from (default .costlens/answers). */
    answersDir: z.string().min(1).optional(),
    /** Tag keys whose values are redacted before anything is sent to a model. */
    sensitiveTagKeys: z.array(z.string().min(1)).optional(),
    /** JSON-lines file recording what was sent to the model (default .costlens/llm-sent.jsonl). */
    sendLog: z.string().min(1).optional(),
  })
  .strict();
export type AssistantConfigSpec = z.infer<typeof AssistantConfigSpec>;

export interface AssistantSettings {
  readonly model: ModelConfig | null;
  readonly notesDirs: readonly string[];
  readonly answersDir: string;
  readonly sensitiveTagKeys: readonly string[];
  readonly sendLogPath: string;
}

/**
 * Normalizes the assistant's settings.
 * @example assistantSettingsFrom(process.env, fileConfig.assistant, process.cwd())
 */
export function assistantSettingsFrom(
  env: Readonly<Record<string, string | undefined>>,
  spec: unknown,
  baseDir: string,
): AssistantSettings {
  const parsed = AssistantConfigSpec.safeParse(spec ?? {});
  if (!parsed.success) {
    throw new CostLensError({
      code: 'INVALID_INPUT',
      message: 'the assistant configuration is invalid',
      issues: parsed.error.issues.map((i) => ({
        column: `assistant.${i.path.join('.') || '(root)'}`,
        message: i.message,
      })),
      hint: 'See README: "Ask CostLens" for the assistant settings.',
    });
  }
  const s = parsed.data;
  const localNotes = resolve(baseDir, 'notes');
  return {
    model: modelConfigFrom(env, s.model),
    notesDirs: s.notesDir
      ? [resolve(baseDir, s.notesDir)]
      : [...(existsSync(localNotes) ? [localNotes] : []), BUNDLED_NOTES_DIR],
    answersDir: resolve(baseDir, s.answersDir ?? '.costlens/answers'),
    sensitiveTagKeys: s.sensitiveTagKeys ?? [],
    sendLogPath: resolve(baseDir, s.sendLog ?? '.costlens/llm-sent.jsonl'),
  };
}

/** What `ask` needs from the settings: the model, the notes index, the send log. */
export interface AssistantRuntime {
  model: ModelConfig | null;
  notes: NoteIndex;
  sensitiveTagKeys: readonly string[];
  sendLog?: SendLog;
}

/** Loads the notes and opens the send log for `settings` (notes are read on each call: small). */
export function assistantRuntime(settings: AssistantSettings): AssistantRuntime {
  const docs = [
    ...settings.notesDirs.flatMap((d) => loadNotes(d)),
    ...loadNotes(settings.answersDir, 'answer'),
  ];
  return {
    model: settings.model,
    notes: buildNoteIndex(docs),
    sensitiveTagKeys: settings.sensitiveTagKeys,
    ...(settings.model ? { sendLog: jsonlSendLog(settings.sendLogPath) } : {}),
  };
}

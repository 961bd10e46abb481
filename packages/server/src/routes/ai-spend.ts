/**
 * LLM spend API: `GET /api/ai/spend` (by model / team / app / …), `GET /api/ai/unit-cost`,
 * `POST /api/ai/what-if`, `GET /api/ai/reconciliation`, `GET /api/ai/prices` (viewer), and
 * `POST /api/ai/ingest` (admin: usage files sent as text, written to a private temp dir, loaded in
 * one transaction, audited as the caller). Dimensions are a closed list; values are parameters.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { z } from 'zod';
import {
  AI_DIMENSIONS,
  CostLensError,
  isCostLensError,
  aiReconciliation,
  aiSpend,
  aiUnitCost,
  ingestLlmUsage,
  LLM_SOURCES,
  listPrices,
  loadPriceBook,
  modelSwitchWhatIf,
} from '@costlens/core';
import type { AiDimension, LlmSource } from '@costlens/core';
import type { RegisterRoutes } from '../app-types.ts';

const DIMS = Object.keys(AI_DIMENSIONS) as [AiDimension, ...AiDimension[]];
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');
const Scope = {
  from: day.optional(),
  to: day.optional(),
  /** `app=assistant` (repeatable). */
  where: z.union([z.string().max(300), z.array(z.string().max(300)).max(10)]).optional(),
};

function filtersOf(where: string | string[] | undefined): Partial<Record<AiDimension, string>> {
  const out: Partial<Record<AiDimension, string>> = {};
  for (const w of where === undefined ? [] : [where].flat()) {
    const i = w.indexOf('=');
    const dim = w.slice(0, i) as AiDimension;
    if (i > 0 && DIMS.includes(dim)) out[dim] = w.slice(i + 1);
    else {
      throw new CostLensError({
        code: 'INVALID_INPUT',
        message: `where "${w}" must look like dimension=value`,
        hint: `Dimensions: ${DIMS.join(', ')}.`,
      });
    }
  }
  return out;
}

export const registerAiSpendRoutes: RegisterRoutes = (app, { warehouse }) => {
  app.get(
    '/api/ai/spend',
    {
      schema: {
        summary:
          'LLM spend grouped by model, team, app, feature, … (token-priced; unpriced usage counted)',
        querystring: z
          .object({
            ...Scope,
            by: z.string().max(100).default('model'),
            limit: z.coerce.number().int().min(1).max(1000).default(100),
          })
          .strict(),
      },
    },
    async (req) => {
      const groupBy = req.query.by
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      return aiSpend(warehouse, {
        from: req.query.from,
        to: req.query.to,
        filters: filtersOf(req.query.where),
        groupBy,
        limit: req.query.limit,
      });
    },
  );

  app.get(
    '/api/ai/unit-cost',
    {
      schema: {
        summary:
          'Cost per request, per 1k tokens, per conversation and per successful task, by day or month',
        querystring: z
          .object({
            ...Scope,
            grain: z.enum(['day', 'month']).default('day'),
            outcome: z.string().max(200).optional(),
            outcomeApp: z.string().max(200).optional(),
          })
          .strict(),
      },
    },
    async (req) =>
      aiUnitCost(warehouse, {
        from: req.query.from,
        to: req.query.to,
        filters: filtersOf(req.query.where),
        grain: req.query.grain,
        outcomeMetric: req.query.outcome,
        outcomeApp: req.query.outcomeApp,
      }),
  );

  app.post(
    '/api/ai/what-if',
    {
      schema: {
        summary:
          'Price the same usage on another model (token-ratio assumption stated in the answer)',
        body: z
          .object({
            from: day.optional(),
            to: day.optional(),
            filters: z.partialRecord(z.enum(DIMS), z.string().min(1).max(300)).default({}),
            targetModel: z.string().min(1).max(300),
            targetProvider: z.string().min(1).max(100).optional(),
            inputRatio: z.number().positive().max(10).optional(),
            outputRatio: z.number().positive().max(10).optional(),
          })
          .strict(),
      },
    },
    async (req) => modelSwitchWhatIf(warehouse, req.body),
  );

  app.get(
    '/api/ai/reconciliation',
    {
      schema: {
        summary: 'Token-priced usage vs invoice lines per provider; the gap reported',
        querystring: z.object({ from: day.optional(), to: day.optional() }).strict(),
      },
    },
    async (req) => aiReconciliation(warehouse, req.query),
  );

  app.get(
    '/api/ai/prices',
    {
      schema: {
        summary: 'Price-book entries (USD per token) and negotiated overrides',
        querystring: z
          .object({
            model: z.string().max(200).optional(),
            limit: z.coerce.number().int().min(1).max(500).default(50),
          })
          .strict(),
      },
    },
    async (req) =>
      listPrices(await loadPriceBook(warehouse), {
        search: req.query.model,
        limit: req.query.limit,
      }),
  );

  app.post(
    '/api/ai/ingest',
    {
      bodyLimit: 64 * 1024 * 1024,
      schema: {
        summary: 'Load LLM usage / cost files sent as text (admin); all or nothing',
        body: z
          .object({
            files: z
              .array(
                z
                  .object({
                    name: z.string().min(1).max(200),
                    content: z.string().max(60 * 1024 * 1024),
                  })
                  .strict(),
              )
              .min(1)
              .max(50),
            format: z.enum(LLM_SOURCES as [LlmSource, ...LlmSource[]]).optional(),
            strictModels: z.boolean().default(false),
          })
          .strict(),
      },
    },
    async (req) => {
      const dir = mkdtempSync(join(tmpdir(), 'costlens-ai-ingest-'));
      try {
        const paths = req.body.files.map((f, i) => {
          const p = join(dir, `${i}-${basename(f.name).replace(/[^\w.-]/g, '_')}`);
          writeFileSync(p, f.content);
          return p;
        });
        const named = (p: string | undefined) => req.body.files[paths.indexOf(p ?? '')]?.name ?? p;
        const r = await ingestLlmUsage(warehouse, paths, {
          source: req.body.format,
          unknownModels: req.body.strictModels ? 'error' : 'flag',
          actor: req.principal?.actor ?? 'api',
        }).catch((e: unknown) => {
          // Name the files as the caller sent them, never our temp paths.
          if (!isCostLensError(e)) throw e;
          throw new CostLensError({
            code: e.code,
            message: paths.reduce((m, p, i) => m.replaceAll(p, req.body.files[i]!.name), e.message),
            hint: e.hint,
            issues: e.issues.map((i) => ({ ...i, file: named(i.file) })),
          });
        });
        // Report the names the caller sent, not our temp paths.
        return { ...r, files: r.files.map((f, i) => ({ ...f, file: req.body.files[i]!.name })) };
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
};

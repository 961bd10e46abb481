/**
 * `costlens ai ingest|spend|unit-cost|what-if|reconcile|prices|reprice` — LLM spend: load usage and
 * cost files, spend by model/team/app, unit economics, model-switch what-ifs, the invoice gap and
 * the price book (with negotiated overrides). Thin: parse, call core, print.
 */
import { resolve } from 'node:path';
import {
  aiReconciliation,
  aiSpend,
  aiUnitCost,
  CostLensError,
  ingestLlmUsage,
  isAiDimension,
  LLM_SOURCES,
  listPrices,
  loadPriceBook,
  modelSwitchWhatIf,
  repriceUsage,
  setPriceOverride,
} from '@costlens/core';
import type { AiDimension, AiScope, LlmSource } from '@costlens/core';
import type { Command } from 'commander';
import type { RegisterCommand } from './types.ts';

interface ScopeOptions {
  from?: string;
  to?: string;
  where?: string[];
}

const collect = (v: string, prev: string[] = []) => [...prev, v];

function usage(message: string, hint?: string): CostLensError {
  return new CostLensError({ code: 'INVALID_INPUT', message, ...(hint ? { hint } : {}) });
}

/** `--where app=assistant` → { app: 'assistant' }. */
export function scopeOf(o: ScopeOptions): AiScope {
  const filters: Partial<Record<AiDimension, string>> = {};
  for (const w of o.where ?? []) {
    const i = w.indexOf('=');
    const dim = w.slice(0, i);
    if (i <= 0 || !isAiDimension(dim)) {
      throw usage(
        `--where "${w}" must look like dimension=value`,
        'Dimensions: model, provider, team, app, feature, user, environment, project, account, source, operation.',
      );
    }
    filters[dim] = w.slice(i + 1);
  }
  return { from: o.from, to: o.to, filters };
}

function ratio(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n)) throw usage(`--${flag} must be a number like 1.2`);
  return n;
}

const scopeFlags = (c: Command) =>
  c
    .option('--from <date>', 'first day (YYYY-MM-DD)')
    .option('--to <date>', 'day after the last (YYYY-MM-DD)')
    .option('--where <dim=value>', 'filter, e.g. app=assistant (repeatable)', collect);

export const registerAi: RegisterCommand = (program, ctx) => {
  const ai = program
    .command('ai')
    .description('LLM spend: usage ingestion, price book, unit costs, what-ifs.');

  ai.command('ingest')
    .description(`Load LLM usage / cost files (${LLM_SOURCES.join(', ')}); the format is detected.`)
    .argument('<files...>', 'usage files')
    .option('--format <source>', 'force the format')
    .option(
      '--strict-models',
      'refuse models the price book cannot price (default: load them flagged unpriced)',
    )
    .action(async (files: string[], o: { format?: string; strictModels?: boolean }) => {
      const { out, openStore, actor } = ctx();
      if (o.format && !(LLM_SOURCES as readonly string[]).includes(o.format))
        throw usage(`--format must be one of ${LLM_SOURCES.join(', ')}`);
      const r = await ingestLlmUsage(
        await openStore(),
        files.map((f) => resolve(f)),
        {
          source: o.format as LlmSource | undefined,
          unknownModels: o.strictModels ? 'error' : 'flag',
          actor,
        },
      );
      if (out.json) return out.data(r);
      for (const f of r.files) {
        out.line(
          `${f.file}: ${f.source}, ${f.events} usage rows, ${f.invoiceLines} cost lines, ${f.unpricedEvents} unpriced, ${f.firstDay ?? '-'} … ${f.lastDay ?? '-'}`,
        );
      }
      out.line(
        `token-priced cost ${r.pricedCost} USD; ${r.replacedEvents} earlier rows replaced; ${r.focusRows} FOCUS rows written`,
      );
    });

  scopeFlags(
    ai
      .command('spend')
      .description(
        'Spend by model, team, app, feature, user, … (token-priced; unpriced usage counted).',
      ),
  )
    .option('--by <dims>', 'comma-separated dimensions', 'model')
    .option('--limit <n>', 'rows', '50')
    .action(async (o: ScopeOptions & { by: string; limit: string }) => {
      const { out, openStore } = ctx();
      const groupBy = o.by
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const r = await aiSpend(await openStore({ readOnly: true }), {
        ...scopeOf(o),
        groupBy,
        limit: Number(o.limit),
      });
      if (out.json) return out.data(r);
      out.table(
        [...groupBy, 'cost USD', 'requests', 'input', 'cached in', 'output', 'unpriced'],
        r.rows.map((x) => [
          ...groupBy.map((d) => x.key[d] ?? '(none)'),
          x.cost,
          x.requests,
          x.inputTokens,
          x.cachedInputTokens,
          x.outputTokens,
          x.unpricedEvents,
        ]),
      );
      out.line(
        `total ${r.total.cost} USD, cache savings ${r.total.cacheSavings} USD${r.total.unpricedEvents ? `, ${r.total.unpricedEvents} unpriced usage rows not in the total` : ''}`,
      );
    });

  scopeFlags(
    ai
      .command('unit-cost')
      .description('Cost per request, per 1k tokens, per conversation and per successful task.'),
  )
    .option('--grain <grain>', 'day or month', 'month')
    .option('--outcome <metric>', 'business metric counting successful tasks, e.g. requests')
    .option('--outcome-app <app>', 'only that app of the outcome metric')
    .action(async (o: ScopeOptions & { grain: string; outcome?: string; outcomeApp?: string }) => {
      const { out, openStore } = ctx();
      if (o.grain !== 'day' && o.grain !== 'month') throw usage('--grain must be day or month');
      const r = await aiUnitCost(await openStore({ readOnly: true }), {
        ...scopeOf(o),
        grain: o.grain,
        outcomeMetric: o.outcome,
        outcomeApp: o.outcomeApp,
      });
      if (out.json) return out.data(r);
      out.table(
        [
          'period',
          'cost USD',
          'requests',
          'per request',
          'per 1k tokens',
          'per conversation',
          ...(o.outcome ? [o.outcome, `per ${o.outcome}`] : []),
        ],
        [...r.rows, r.total].map((x) => [
          x.period,
          x.cost,
          x.requests,
          x.costPerRequest ?? '-',
          x.costPer1kTokens ?? '-',
          x.costPerConversation ?? '-',
          ...(o.outcome ? [x.outcomes ?? '-', x.costPerOutcome ?? '-'] : []),
        ]),
      );
    });

  scopeFlags(
    ai
      .command('what-if')
      .description('Price the same usage on another model, with a stated token-ratio assumption.'),
  )
    .requiredOption('--model <model>', 'target model, e.g. gpt-4.1-mini-2025-04-14')
    .option(
      '--provider <provider>',
      'target provider (openai, anthropic, aws-bedrock, azure-openai, …)',
    )
    .option('--input-ratio <r>', 'target input tokens per current input token (default 1)')
    .option('--output-ratio <r>', 'target output tokens per current output token (default 1)')
    .action(
      async (
        o: ScopeOptions & {
          model: string;
          provider?: string;
          inputRatio?: string;
          outputRatio?: string;
        },
      ) => {
        const { out, openStore } = ctx();
        const r = await modelSwitchWhatIf(await openStore({ readOnly: true }), {
          ...scopeOf(o),
          targetModel: o.model,
          targetProvider: o.provider,
          inputRatio: ratio(o.inputRatio, 'input-ratio'),
          outputRatio: ratio(o.outputRatio, 'output-ratio'),
        });
        if (out.json) return out.data(r);
        out.table(
          ['provider', 'model', 'current USD', `on ${o.model} USD`],
          r.lines.map((l) => [l.provider, l.model ?? '(none)', l.currentCost, l.projectedCost]),
        );
        out.line(
          `current ${r.currentCost} USD → ${r.projectedCost} USD (change ${r.delta} USD${r.deltaPct ? `, ${r.deltaPct} %` : ''})`,
        );
        for (const a of r.assumptions) out.line(`assumes: ${a}`);
      },
    );

  ai.command('reconcile')
    .description(
      'Token-priced usage vs invoice lines (AWS CUR, Azure export, OpenAI/Anthropic cost APIs).',
    )
    .option('--from <date>', 'first day (YYYY-MM-DD)')
    .option('--to <date>', 'day after the last (YYYY-MM-DD)')
    .action(async (o: { from?: string; to?: string }) => {
      const { out, openStore } = ctx();
      const r = await aiReconciliation(await openStore({ readOnly: true }), o);
      if (out.json) return out.data(r);
      out.table(
        [
          'provider',
          'invoice source',
          'days',
          'usage USD',
          'invoice USD',
          'gap USD',
          'gap %',
          'usage-only USD',
          'invoice-only USD',
        ],
        r.providers.map((p) => [
          p.provider,
          p.invoiceSource,
          p.overlapDays,
          p.usageCost,
          p.invoiceCost,
          p.gap,
          p.gapPct ?? '-',
          `${p.usageOnlyCost} (${p.usageOnlyDays} d)`,
          `${p.invoiceOnlyCost} (${p.invoiceOnlyDays} d)`,
        ]),
      );
    });

  const prices = ai
    .command('prices')
    .description('The LLM price book: list prices, set negotiated overrides.');
  prices
    .command('list', { isDefault: true })
    .description('Price-book entries (USD per token) whose name contains --model.')
    .option('--model <text>', 'part of a model name')
    .option('--limit <n>', 'rows', '30')
    .action(async (o: { model?: string; limit: string }) => {
      const { out, openStore } = ctx();
      const rows = listPrices(await loadPriceBook(await openStore({ readOnly: true })), {
        search: o.model,
        limit: Number(o.limit),
      });
      if (out.json) return out.data(rows);
      out.table(
        [
          'model',
          'provider',
          'input',
          'output',
          'cache read',
          'cache write',
          'batch in',
          'version',
        ],
        rows.map((p) => [
          p.key,
          p.provider ?? '',
          p.input ?? '-',
          p.output ?? '-',
          p.cacheRead ?? '-',
          p.cacheWrite ?? '-',
          p.batchInput ?? '-',
          p.version,
        ]),
      );
    });
  prices
    .command('set')
    .description('Save a negotiated price (USD per token) for a provider/model from a date.')
    .requiredOption('--provider <provider>', 'e.g. openai, anthropic, aws-bedrock, azure-openai')
    .requiredOption('--model <model>', 'model id as the usage names it')
    .requiredOption('--from <date>', 'effective from (YYYY-MM-DD)')
    .option('--input <p>', 'input price per token')
    .option('--output <p>', 'output price per token')
    .option('--cache-read <p>', 'cache-read price per token')
    .option('--cache-write <p>', 'cache-write price per token')
    .option('--batch-input <p>', 'batch input price per token')
    .option('--batch-output <p>', 'batch output price per token')
    .option('--reasoning <p>', 'reasoning output price per token')
    .option('--note <text>', 'why (contract, discount)')
    .action(async (o: Record<string, string | undefined>) => {
      const { out, openStore, actor } = ctx();
      await setPriceOverride(
        await openStore(),
        {
          provider: o.provider!,
          model: o.model!,
          effectiveFrom: o.from!,
          input: o.input,
          output: o.output,
          cacheRead: o.cacheRead,
          cacheWrite: o.cacheWrite,
          batchInput: o.batchInput,
          batchOutput: o.batchOutput,
          reasoning: o.reasoning,
          note: o.note ?? null,
        },
        actor,
      );
      out.line(
        `saved: ${o.provider}/${o.model} from ${o.from}. Run \`costlens ai reprice\` to compare history at the new price.`,
      );
    });

  scopeFlags(
    ai
      .command('reprice')
      .description(
        'Reprice stored usage with the price book as it is now; --apply stores the new prices.',
      ),
  )
    .option('--apply', 'store the repriced costs (audited)')
    .action(async (o: ScopeOptions & { apply?: boolean }) => {
      const { out, openStore, actor } = ctx();
      const r = await repriceUsage(await openStore({ readOnly: !o.apply }), {
        ...scopeOf(o),
        apply: o.apply,
        actor,
      });
      if (out.json) return out.data(r);
      out.table(
        ['provider', 'model', 'stored USD', 'repriced USD', 'change USD', 'versions'],
        r.lines.map((l) => [
          l.provider,
          l.model ?? '(none)',
          l.storedCost,
          l.repricedCost,
          l.delta,
          `${l.storedVersions.join(',')} → ${l.newVersions.join(',')}`,
        ]),
      );
      out.line(
        `${r.storedCost} USD → ${r.repricedCost} USD (${r.delta}); ${r.changedEvents} rows ${r.applied ? 'updated' : 'would change (add --apply to store)'}`,
      );
    });
};

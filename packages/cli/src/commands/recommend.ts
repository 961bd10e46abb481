/**
 * `costlens recommend …` — recommendations and the guardrail they pass. The local CLI user owns
 * the database file, so it acts as `cli:<user>` with the admin role; the API enforces token roles.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import {
  CostLensError,
  csvCell,
  checkDrafts,
  detectApplied,
  getRecommendation,
  listRecommendations,
  loadOfferCatalog,
  measureOutcomes,
  runRules,
  saveRecommendations,
  transition,
  warehouseProbe,
} from '@costlens/core';
import type { Actor, RecommendationStatus } from '@costlens/core';
import type { RegisterCommand } from './types.ts';

function localActor(): Actor {
  return { id: `cli:${userInfo().username}`, role: 'admin' };
}

export const registerRecommend: RegisterCommand = (program, ctx) => {
  const recommend = program
    .command('recommend')
    .description('Recommendations: guardrail checks, review, approval and measured outcomes.');

  recommend
    .command('check')
    .description(
      'Check drafted recommendations (a JSON array) against the offer catalog and the billing data; one verdict each.',
    )
    .argument('<file>', 'JSON file with an array of drafts')
    .option('--catalog <path>', 'an updated commitment-offer catalog file')
    .action(async (file: string, opts: { catalog?: string }) => {
      const { out, openStore } = ctx();
      let drafts: unknown;
      try {
        drafts = JSON.parse(readFileSync(file, 'utf8'));
      } catch (e) {
        throw new CostLensError({
          code: 'INVALID_INPUT',
          message: `${file}: not readable JSON (${e instanceof Error ? e.message : String(e)}).`,
          hint: 'Pass a JSON array of drafts: [{ id, provider, service, action, … }].',
          issues: [{ file, message: 'invalid JSON' }],
        });
      }
      const wh = await openStore();
      const verdicts = await checkDrafts(drafts, {
        catalog: loadOfferCatalog(opts.catalog),
        probe: warehouseProbe(wh),
      });
      if (out.json) {
        out.data(verdicts);
        return;
      }
      for (const v of verdicts) {
        out.line(
          `${v.verdict === 'pass' ? 'PASS  ' : 'REFUSE'} ${v.id}${v.offerRef ? ` (${v.offerRef})` : ''}`,
        );
        for (const r of v.reasons) out.line(`  - ${r}`);
        for (const w of v.warnings ?? []) out.line(`  ! ${w}`);
        if (v.alternative) {
          out.line(
            `  → instead: ${v.alternative.offer} [${v.alternative.offerId}] terms ${v.alternative.terms.join('/')}, ${v.alternative.paymentOptions.join('/')}`,
          );
        }
      }
    });

  recommend
    .command('run')
    .description(
      'Run the rules over the billing and utilization data; save what passes the guardrail.',
    )
    .option('--window-days <n>', 'days of data to look back over', '30')
    .option('--catalog <path>', 'an updated commitment-offer catalog file')
    .option('--dry-run', 'print without saving')
    .action(async (opts: { windowDays: string; catalog?: string; dryRun?: boolean }) => {
      const { out, openStore } = ctx();
      const windowDays = Number(opts.windowDays);
      if (!Number.isInteger(windowDays) || windowDays < 7 || windowDays > 365) {
        throw new CostLensError({
          code: 'INVALID_INPUT',
          message: `--window-days ${opts.windowDays} is not a whole number of days from 7 to 365.`,
          issues: [{ column: 'window-days', message: 'expected 7..365' }],
        });
      }
      const wh = await openStore();
      const result = await runRules(wh, {
        windowDays,
        ...(opts.catalog ? { catalog: loadOfferCatalog(opts.catalog) } : {}),
      });
      const saved = opts.dryRun ? null : await saveRecommendations(wh, result.recommendations);
      if (out.json) {
        out.data({ ...result, saved });
        return;
      }
      out.table(
        ['kind', '$/month', 'confidence', 'title'],
        result.recommendations.map((r) => [
          r.kind,
          r.estimatedMonthlySavingsUsd.toFixed(2),
          r.confidence.toFixed(2),
          r.title,
        ]),
      );
      const total = result.recommendations.reduce((s, r) => s + r.estimatedMonthlySavingsUsd, 0);
      out.line(
        `${result.recommendations.length} recommendations, about $${total.toFixed(2)}/month, from the ${result.windowDays} days of data up to ${result.dataEnd ?? '(no data)'}.`,
      );
      if (saved) {
        out.line(
          `Saved: ${saved.created} new, ${saved.refreshed} refreshed, ${saved.unchanged} unchanged.`,
        );
      }
      for (const r of result.refused) {
        out.line(
          `Refused by the guardrail (not saved): ${r.recommendation.title}: ${r.verdict.reasons.join(' ')}`,
        );
      }
    });

  recommend
    .command('list')
    .description('List recommendations, largest estimated savings first.')
    .option('--status <status>', 'proposed | approved | rejected | applied | verified | regressed')
    .option('--kind <kind>', 'only this rule')
    .action(async (opts: { status?: RecommendationStatus; kind?: string }) => {
      const { out, openStore } = ctx();
      const recs = await listRecommendations(await openStore(), {
        ...(opts.status ? { status: opts.status } : {}),
        ...(opts.kind ? { kind: opts.kind } : {}),
      });
      if (out.json) {
        out.data(recs);
        return;
      }
      out.table(
        ['id', 'status', 'kind', '$/month', 'confidence', 'title'],
        recs.map((r) => [
          r.id,
          r.status,
          r.kind,
          r.estimatedMonthlySavingsUsd.toFixed(2),
          r.confidence.toFixed(2),
          r.title,
        ]),
      );
    });

  recommend
    .command('show')
    .description(
      'Show one recommendation: why, savings and how they were computed, risk, evidence, plan, history.',
    )
    .argument('<id>')
    .action(async (id: string) => {
      const { out, openStore } = ctx();
      const r = await getRecommendation(await openStore(), id);
      if (out.json) {
        out.data(r);
        return;
      }
      out.line(`${r.title}  [${r.id}, ${r.status}]`);
      out.line(`Saves about $${r.estimatedMonthlySavingsUsd.toFixed(2)}/month: ${r.calculation}`);
      out.line(`Confidence ${Math.round(r.confidence * 100)} %. Risk: ${r.risk}`);
      out.line('Why:');
      for (const w of r.why) out.line(`  - ${w}`);
      out.line('Evidence (semantic queries):');
      for (const q of r.evidence) out.line(`  ${JSON.stringify(q)}`);
      out.line('Plan (CostLens does not run it):');
      for (const s of r.plan.steps) out.line(`  * ${s}`);
      for (const c of r.plan.commands) out.line(`  $ ${c}`);
      if (r.plan.terraform) out.line(r.plan.terraform);
      out.line('History:');
      for (const h of r.history)
        out.line(`  ${h.at} ${h.actor} ${h.action}${h.reason ? ` — ${h.reason}` : ''}`);
    });

  for (const [verb, to] of [
    ['approve', 'approved'],
    ['reject', 'rejected'],
    ['applied', 'applied'],
  ] as const) {
    recommend
      .command(verb)
      .description(
        verb === 'applied'
          ? 'Record that an approved recommendation was carried out (outside CostLens).'
          : `${verb === 'approve' ? 'Approve' : 'Reject'} a proposed recommendation (reason required).`,
      )
      .argument('<id>')
      .option('--reason <text>', 'why (required for approve and reject)')
      .action(async (id: string, opts: { reason?: string }) => {
        const { out, openStore } = ctx();
        await transition(await openStore(), id, to, {
          actor: localActor(),
          ...(opts.reason ? { reason: opts.reason } : {}),
        });
        if (out.json) out.data({ id, status: to });
        else out.line(`${id} is now ${to}.`);
      });
  }

  recommend
    .command('measure')
    .description(
      'Detect approved recommendations the bill shows were carried out, then measure realized savings of applied ones.',
    )
    .action(async () => {
      const { out, openStore } = ctx();
      const wh = await openStore();
      const detected = await detectApplied(wh);
      if (detected.length > 0)
        out.info(`detected as applied from the bill: ${detected.join(', ')}`);
      const outcomes = [...(await measureOutcomes(wh)).entries()].map(([id, o]) => ({
        id,
        ...o,
      }));
      if (out.json) out.data(outcomes);
      else
        out.table(
          [
            'id',
            'verdict',
            'realized $/month',
            'realized/estimated',
            'baseline $/day',
            'after $/day',
          ],
          outcomes.map((o) => [
            o.id,
            o.verdict,
            o.realizedMonthlySavingsUsd,
            o.realizedToEstimated,
            o.baselineDailyUsd,
            o.afterDailyUsd,
          ]),
        );
    });

  recommend
    .command('export')
    .description('Export recommendations (with plans) as JSON or CSV for your own tools.')
    .option('--format <format>', 'json | csv', 'json')
    .option('--out <file>', 'write to a file instead of stdout')
    .option('--status <status>', 'only this status')
    .action(async (opts: { format: string; out?: string; status?: RecommendationStatus }) => {
      const { out, openStore } = ctx();
      const recs = await listRecommendations(
        await openStore(),
        opts.status ? { status: opts.status } : {},
      );
      let text: string;
      if (opts.format === 'csv') {
        // Titles carry resource names from the bill: csvCell keeps formulas (=cmd|…) as text.
        const esc = csvCell;
        const head = [
          'id',
          'status',
          'kind',
          'provider',
          'service',
          'action',
          'targets',
          'estimated_monthly_savings_usd',
          'confidence',
          'title',
          'commands',
        ];
        text = [
          head.join(','),
          ...recs.map((r) =>
            [
              r.id,
              r.status,
              r.kind,
              r.provider,
              r.service,
              r.action,
              r.targets.join(' '),
              r.estimatedMonthlySavingsUsd,
              r.confidence,
              r.title,
              r.plan.commands.join(' && '),
            ]
              .map(esc)
              .join(','),
          ),
        ].join('\n');
      } else {
        text = JSON.stringify(recs, null, 2);
      }
      if (opts.out) {
        writeFileSync(opts.out, `${text}\n`);
        out.info(`wrote ${recs.length} recommendation(s) to ${opts.out}`);
      } else {
        out.line(text);
      }
    });
};

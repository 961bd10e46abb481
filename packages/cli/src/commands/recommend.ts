/** `costlens recommend …` — recommendations and the guardrail they pass. */
import { readFileSync } from 'node:fs';
import { CostLensError, checkDrafts, loadOfferCatalog, warehouseProbe } from '@costlens/core';
import type { RegisterCommand } from './types.ts';

export const registerRecommend: RegisterCommand = (program, ctx) => {
  const recommend = program
    .command('recommend')
    .description('Recommendations: guardrail checks, review and approval.');
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
};

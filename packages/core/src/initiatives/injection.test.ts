import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { insertCostRows } from '../anomaly/cost-rows-fixture.ts';
import { DuckDbWarehouse } from '../store/duckdb.ts';
import { corpusOf } from '../testing/injection-corpus.ts';
import { parseInitiative } from './definition.ts';
import { buildInitiativeReport, initiativeReportHtml } from './report-html.ts';

// Issue 15, injection corpus × the CFO one-pager: an initiative whose name, owner, mapping labels,
// tag values and benefits carry HTML or script is rendered as text — the report stays a page
// with no script, no event handler and no element the data brought in.

const ELEMENTS = /<(script|img|b|a|iframe)\b/i;

describe('injection corpus × initiative report', () => {
  it('markup: hostile names, labels, tag values and benefits are escaped in the report HTML', async () => {
    const wh = await DuckDbWarehouse.open();
    try {
      for (const x of [...corpusOf('markup'), ...corpusOf('slack')]) {
        await wh.exec(`DELETE FROM focus_cost`);
        await insertCostRows(wh, [
          { day: '2025-01-10', cost: '10.00', service: x.text, tags: { app: x.text } },
        ]);
        const def = parseInitiative({
          id: 'hostile',
          name: x.text,
          owner: x.text,
          start: '2025-01-01',
          end: '2025-03-31',
          mappings: [{ filters: [{ dimension: 'tag:app', value: x.text }], label: x.text }],
          budget: [{ category: 'inference_and_platform', amount: '100' }],
          benefits: [
            {
              order: 1,
              description: x.text,
              kpi: x.text,
              unitValue: '1',
              monthlyQuantity: '1',
              from: '2025-02',
              confidence: 'low',
              source: x.text,
            },
          ],
        });
        const html = initiativeReportHtml(
          await buildInitiativeReport(wh, def, { now: new Date('2025-01-20T00:00:00Z') }),
        );
        const body = html.slice(html.indexOf('<body>'));
        assert.ok(!ELEMENTS.test(body), `${x.id}: ${body.match(ELEMENTS)?.[0]}`);
        // The report's own plan-vs-actual chart is its one SVG.
        assert.ok((body.match(/<svg\b/g) ?? []).length <= 1, `${x.id}: an SVG from data`);
        if (/[<>"]/.test(x.text)) {
          assert.ok(!body.includes(x.text), `${x.id}: appears unescaped`);
          assert.ok(body.includes('&lt;') || body.includes('&quot;'), `${x.id}: escaped`);
        }
        // The mapping still matched the hostile tag value: its spend is in the report.
        assert.match(body, /data-kpi="actual">10 USD</, x.id);
      }
    } finally {
      await wh.close();
    }
  });
});

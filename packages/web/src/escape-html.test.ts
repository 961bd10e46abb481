import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { GpuMatrix } from '@costlens/core';
import { corpusOf } from '../../core/src/testing/injection-corpus.ts';
import { escapeHtml } from './escape-html.ts';
import { matrixChart } from './pages/gpu.tsx';

describe('HTML handed to chart tooltips', () => {
  it('markup: a GPU device id with markup shows as text in the matrix tooltip', () => {
    for (const x of corpusOf('markup')) {
      const matrix = {
        thresholds: { highUseAt: 0.4, headroom: 0.3, spotDiscount: 0.6, commitRate: 0.7 },
        placements: [
          {
            deviceId: x.text,
            quadrant: 'reallocate',
            costUsd: '12.50',
            utilization: 0.1,
            criticality: 'low',
          },
        ],
        quadrants: Object.fromEntries(
          ['reallocate', 'rightsize_protect', 'spot_or_queue', 'optimize_commit'].map((q) => [
            q,
            { label: q },
          ]),
        ),
      } as unknown as GpuMatrix;
      const option = matrixChart(matrix) as {
        tooltip: { formatter: (p: unknown) => string };
        series: { data: unknown[] }[];
      };
      const point = option.series.flatMap((s) => s.data)[0];
      const html = option.tooltip.formatter({ data: point });
      assert.ok(html.startsWith(`${escapeHtml(x.text)}<br/>`), `${x.id}: ${html}`);
      assert.ok(!/<(?!br\/>)[a-z!]/i.test(html), `${x.id}: ${html}`);
    }
  });
});

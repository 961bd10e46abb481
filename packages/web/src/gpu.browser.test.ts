/**
 * End-to-end: the GPU fleet page in Debian's Chromium over a small generated fleet — totals and
 * placements equal the API's, the 2×2 scatter is drawn, and a device link opens its timeline.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { GpuFleet, GpuMatrix } from '@costlens/core';
import { setCriticality } from '@costlens/core';
import { behaviours, loadFleet } from '../../core/src/gpu/fleet-fixture.ts';
import { ARTIFACTS, CHROMIUM, openSeededDashboard } from './testing/browser-harness.ts';
import type { DashboardSession } from './testing/browser-harness.ts';

describe(
  'the GPU fleet page in Chromium',
  { skip: !existsSync(CHROMIUM) && `${CHROMIUM} is missing (apt-get install chromium)` },
  () => {
    let session: DashboardSession;
    let page: Page;
    let url: string;

    before(async () => {
      session = await openSeededDashboard('gpu', async (wh) => {
        await loadFleet(
          wh,
          [
            { hostname: 'n1', uuid: 'GPU-idle', busy: behaviours.idle },
            {
              hostname: 'n1',
              uuid: 'GPU-train',
              busy: behaviours.saturated,
              pod: 'trainer-0',
              namespace: 'ml',
            },
            { hostname: 'n2', uuid: 'GPU-burst', busy: behaviours.bursty, noProfiling: true },
            ...[1, 2].map((id) => ({
              hostname: 'n3',
              uuid: 'GPU-mig',
              busy: behaviours.half,
              mig: { profile: '3g.40gb', id: String(id) },
            })),
          ],
          { start: '2026-11-01T00:00:00Z', n: 8, stepMs: 3_600_000 },
        );
        await setCriticality(wh, [{ scope: 'workload', value: 'trainer', criticality: 'high' }], {
          actor: 'test',
        });
      });
      page = session.page;
      url = session.url;
    });

    after(async () => {
      await session?.close();
    });

    it('shows the fleet and the 2×2 the API computes, and a GPU timeline', async () => {
      const fleet = (await (await fetch(`${url}/api/gpu/fleet`)).json()) as GpuFleet;
      const matrix = (await (await fetch(`${url}/api/gpu/matrix`)).json()) as GpuMatrix;
      await page.goto(`${url}/gpu`);
      await page.locator('[data-testid=gpu-placements]').waitFor();
      assert.equal(
        await page.locator('[data-testid=gpu-cost]').getAttribute('data-value'),
        fleet.totals.costUsd,
      );
      assert.equal(
        await page.locator('[data-testid=gpu-idle]').getAttribute('data-value'),
        fleet.totals.idleUsd,
      );
      const rows = await page
        .locator('[data-testid=gpu-placements] tbody tr')
        .evaluateAll((trs) =>
          trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')),
        );
      assert.deepEqual(
        rows.map((r) => [r[0], r[3], r[4]]),
        matrix.placements.map((p) => [p.deviceId, p.criticality, p.quadrant]),
      );
      assert.ok(rows.find((r) => r[0] === 'GPU-train')![4] === 'optimize_commit');
      assert.match(rows.find((r) => r[0] === 'GPU-burst')![6]!, /DEV_GPU_UTIL/);
      await page
        .getByRole('img', { name: /bubble size = cost/ })
        .locator('canvas')
        .waitFor();
      await page.screenshot({ path: join(ARTIFACTS, 'dashboard-gpu.png'), fullPage: true });

      await page.getByRole('link', { name: 'GPU-mig.mig1' }).click();
      const tl = page.locator('[data-testid=gpu-timeline]');
      await tl.waitFor();
      const api = (await (await fetch(`${url}/api/gpu/GPU-mig.mig1/timeline`)).json()) as {
        points: unknown[];
      };
      assert.equal(await tl.getAttribute('data-points'), String(api.points.length));
      await page.getByRole('img', { name: 'timeline of GPU-mig.mig1' }).locator('canvas').waitFor();
    });
  },
);

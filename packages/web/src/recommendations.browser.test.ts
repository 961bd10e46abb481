/**
 * End-to-end: the Recommendations page in Debian's Chromium — the list equals the API's, the
 * detail shows the plan, and approving with a reason records the decision (as the local demo
 * user) in the recommendation's history.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { Recommendation, RecommendationDraftInput } from '@costlens/core';
import { saveRecommendations } from '@costlens/core';
import { ARTIFACTS, CHROMIUM, openSeededDashboard } from './testing/browser-harness.ts';
import type { DashboardSession } from './testing/browser-harness.ts';

const rec = (over: Partial<RecommendationDraftInput>): RecommendationDraftInput => ({
  kind: 'idle_resource',
  title: 'Stop idle m5.large i-1',
  provider: 'aws',
  service: 'Amazon Elastic Compute Cloud',
  action: 'terminate_idle',
  targets: ['i-1'],
  estimatedMonthlySavingsUsd: 70.08,
  calculation: '$0.096/h × 730 h',
  why: ['p95 CPU 1 % over 30 days'],
  evidence: [
    { metric: 'effective_cost', filters: [{ dimension: 'resource_id', op: 'eq', value: 'i-1' }] },
  ],
  risk: 'Something may still depend on it.',
  confidence: 0.8,
  plan: {
    commands: ['aws ec2 stop-instances --instance-ids i-1'],
    steps: ['Confirm the owner', 'Stop it'],
  },
  ...over,
});

describe(
  'the Recommendations page in Chromium',
  { skip: !existsSync(CHROMIUM) && `${CHROMIUM} is missing (apt-get install chromium)` },
  () => {
    let session: DashboardSession;
    let page: Page;
    let url: string;

    before(async () => {
      session = await openSeededDashboard('recs', async (wh) => {
        await saveRecommendations(wh, [
          rec({}),
          rec({
            title: 'Rightsize i-2 to m5.large',
            kind: 'rightsize',
            action: 'rightsize',
            targets: ['i-2'],
            estimatedMonthlySavingsUsd: 140.16,
          }),
        ]);
      });
      page = session.page;
      url = session.url;
    });

    after(async () => {
      await session?.close();
    });

    it('lists what the API lists and approves with a reason', async () => {
      const api = (await (await fetch(`${url}/api/recommendations`)).json()) as {
        recommendations: Recommendation[];
      };
      await page.goto(`${url}/recommendations`);
      await page.locator('[data-testid=recommendations]').waitFor();
      const titles = await page
        .locator('[data-testid=recommendations] tbody tr td:first-child')
        .allTextContents();
      assert.deepEqual(
        titles,
        api.recommendations.map((r) => r.title),
      );
      const first = api.recommendations[0]!;
      assert.equal(first.title, 'Rightsize i-2 to m5.large', 'largest saving first');

      await page.getByRole('button', { name: first.title }).click();
      const detail = page.locator('[data-testid=recommendation-detail]');
      await detail.waitFor();
      assert.match((await detail.textContent()) ?? '', /aws ec2 stop-instances --instance-ids i-1/);
      const approve = page.getByRole('button', { name: 'Approve' });
      assert.equal(await approve.isDisabled(), true, 'no approval without a reason');
      await page.getByLabel('Reason').fill('low risk, owner agreed');
      await approve.click();
      await page.getByRole('button', { name: 'Approve' }).waitFor({ state: 'detached' });
      const after = (await (
        await fetch(`${url}/api/recommendations/${first.id}`)
      ).json()) as Recommendation;
      assert.equal(after.status, 'approved');
      assert.deepEqual(after.history.map((h) => [h.actor, h.action, h.reason]).at(-1), [
        'local-demo',
        'recommendation.approve',
        'low risk, owner agreed',
      ]);
      await page.screenshot({
        path: join(ARTIFACTS, 'dashboard-recommendations.png'),
        fullPage: true,
      });
    });
  },
);

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createApiToken, DuckDbWarehouse, saveRecommendations } from '@costlens/core';
import type { RecommendationDraftInput } from '@costlens/core';
import { createServer } from '../create-server.ts';

const REC: RecommendationDraftInput = {
  kind: 'idle_resource',
  title: 'Stop idle m5.large i-1',
  provider: 'aws',
  service: 'Amazon Elastic Compute Cloud',
  action: 'terminate_idle',
  targets: ['i-1'],
  estimatedMonthlySavingsUsd: 70.08,
  calculation: '0.096 × 730',
  why: ['p95 CPU 1 %'],
  evidence: [{ metric: 'effective_cost', groupBy: ['resource_id'] }],
  risk: 'something may depend on it',
  confidence: 0.8,
  plan: { commands: ['aws ec2 stop-instances --instance-ids i-1'], steps: ['stop it'] },
};

async function setup() {
  const wh = await DuckDbWarehouse.open();
  const app = await createServer({ warehouse: wh, services: {} });
  const bearer = async (role: string) => {
    const t = await createApiToken(wh, { role, actor: 'test' });
    return { authorization: `Bearer ${t.token}`, host: 'example.com' };
  };
  const [id] = (await saveRecommendations(wh, [REC])).ids;
  return { wh, app, bearer, id: id!, done: () => app.close().then(() => wh.close()) };
}

describe('recommendation routes', () => {
  it('lists and shows recommendations to a viewer, filtered by status', async () => {
    const s = await setup();
    const viewer = await s.bearer('viewer');
    const list = await s.app.inject({ url: '/api/recommendations', headers: viewer });
    assert.equal(list.statusCode, 200);
    assert.deepEqual(
      list.json().recommendations.map((r: { id: string }) => r.id),
      [s.id],
    );
    const none = await s.app.inject({
      url: '/api/recommendations?status=approved',
      headers: viewer,
    });
    assert.equal(none.json().recommendations.length, 0);
    const one = await s.app.inject({ url: `/api/recommendations/${s.id}`, headers: viewer });
    assert.equal(one.json().plan.commands[0], REC.plan.commands[0]);
    const missing = await s.app.inject({ url: '/api/recommendations/rec_nope', headers: viewer });
    assert.equal(missing.statusCode, 404);
    await s.done();
  });

  it('lets only an approver approve, requires a reason, and records the token as the actor', async () => {
    const s = await setup();
    const url = `/api/recommendations/${s.id}/approve`;
    const asViewer = await s.app.inject({
      method: 'POST',
      url,
      headers: await s.bearer('viewer'),
      payload: { reason: 'ok' },
    });
    assert.equal(asViewer.statusCode, 403);
    const approver = await s.bearer('approver');
    const noReason = await s.app.inject({ method: 'POST', url, headers: approver, payload: {} });
    assert.equal(noReason.statusCode, 400);
    const ok = await s.app.inject({
      method: 'POST',
      url,
      headers: approver,
      payload: { reason: 'nobody uses it' },
    });
    assert.equal(ok.statusCode, 200);
    const body = ok.json();
    assert.equal(body.status, 'approved');
    const step = body.history.find(
      (h: { action: string }) => h.action === 'recommendation.approve',
    );
    assert.match(step.actor, /^token:/);
    assert.equal(step.reason, 'nobody uses it');
    const again = await s.app.inject({
      method: 'POST',
      url: `/api/recommendations/${s.id}/reject`,
      headers: approver,
      payload: { reason: 'changed my mind' },
    });
    assert.equal(again.json().status, 'rejected');
    await s.done();
  });

  it('checks drafted recommendations and refuses an offering that does not exist', async () => {
    const s = await setup();
    const res = await s.app.inject({
      method: 'POST',
      url: '/api/recommendations/check',
      headers: await s.bearer('viewer'),
      payload: [
        {
          id: 'docdb',
          provider: 'aws',
          service: 'DocumentDB',
          action: 'purchase_commitment',
          commitment: { type: 'reserved_instance', termMonths: 12, paymentOption: 'all_upfront' },
          estimatedMonthlySavingsUsd: 1_000_000,
        },
      ],
    });
    assert.equal(res.statusCode, 200);
    const [v] = res.json().verdicts;
    assert.equal(v.verdict, 'refuse');
    assert.match(v.alternative.offer, /Database Savings Plan/);
    await s.done();
  });
});

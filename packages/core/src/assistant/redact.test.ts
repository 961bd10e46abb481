import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { redactText, redactWithCounts } from './redact.ts';

describe('redactText', () => {
  it('replaces 12-digit AWS account ids, bare or dashed, but not money or dates', () => {
    assert.equal(
      redactText('EC2 in 123456789012 and 1234-5678-9012 cost $123,456.78 on 2026-06-01'),
      'EC2 in <account> and <account> cost $123,456.78 on 2026-06-01',
    );
    assert.equal(redactText('total 1234567890123 rows'), 'total 1234567890123 rows');
  });

  it('replaces Azure subscription GUIDs and GCP billing account ids', () => {
    assert.equal(
      redactText('/subscriptions/767113ad-8408-4087-af9c-0c92db2bc3c5 and 7D7D3F-18674C-662936'),
      '/subscriptions/<guid> and <billing-account>',
    );
  });

  it('replaces emails, whole ARNs and key-like strings', () => {
    const text = [
      'ask ann.lee+finops@example.co.uk about',
      'arn:aws:iam::123456789012:role/Admin',
      'key AKIAIOSFODNN7EXAMPLE',
      'sk-proj-abcdefghijklmnop1234',
      'xoxb-1234567890-abcdefghij',
      'Authorization: Bearer abc.def.ghi123456789',
      'password=hunter2',
      'blob wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY1',
    ].join(' ');
    const { text: out, counts } = redactWithCounts(text);
    assert.equal(
      out,
      'ask <email> about <arn> key <key> <key> <key> Authorization: Bearer <key> <key> blob <key>',
    );
    assert.equal(counts.email, 1);
    assert.equal(counts.arn, 1);
    assert.equal(counts.key, 6);
  });

  it('leaves ordinary questions, hyphenated names and regions alone', () => {
    const q =
      'Why did fernhill-prod spend in us-east-1 go up 12% in Q3 2026 vs checkout-api-prod-3166?';
    assert.equal(redactText(q), q);
    assert.equal(
      redactText('amazon-elastic-compute-cloud-savings-plans-usage'),
      'amazon-elastic-compute-cloud-savings-plans-usage',
    );
  });

  it('replaces values marked sensitive, ignoring case, longest first', () => {
    assert.equal(
      redactText('cost of Project Falcon and project falcon-2', {
        sensitiveValues: ['project falcon', 'Project Falcon-2'],
      }),
      'cost of <sensitive> and <sensitive>',
    );
  });
});

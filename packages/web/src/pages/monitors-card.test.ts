import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseScope } from './monitors-card.tsx';

describe('the Monitors card scope field', () => {
  it('reads comma-separated dimension=value pairs as equality filters, values kept whole', () => {
    assert.deepEqual(parseScope(' service=Amazon S3 , tag:team=ml,resource_id=a=b '), [
      { dimension: 'service', op: 'eq', value: 'Amazon S3' },
      { dimension: 'tag:team', op: 'eq', value: 'ml' },
      { dimension: 'resource_id', op: 'eq', value: 'a=b' },
    ]);
    assert.deepEqual(parseScope(''), [], 'empty: all spend');
  });

  it('names a part that is not dimension=value', () => {
    assert.throws(() => parseScope('service=EC2, ml'), /"ml" is not dimension=value/);
    assert.throws(() => parseScope('team='), /"team=" is not dimension=value/);
    assert.throws(() => parseScope('=ml'), /"=ml" is not dimension=value/);
  });
});

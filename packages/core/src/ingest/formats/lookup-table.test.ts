import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isCostLensError } from '../../errors.ts';
import { DuckDbWarehouse } from '../../store/duckdb.ts';
import { tempDir, writeTemp } from '../../testing/fixtures.ts';
import {
  awsRegionNames,
  awsServiceCategories,
  awsServiceSubcategories,
} from './aws-cur-mapping.ts';
import {
  focusServiceCategories,
  lookupExpr,
  serviceCategoryLookup,
  serviceSubcategoryLookup,
  subcategoryExpr,
} from './lookup-table.ts';

describe('lookup tables', () => {
  it('ships AWS and OCI service categories that FOCUS allows, with subcategories that fit them', () => {
    assert.equal(focusServiceCategories().size, 19);
    assert.ok(awsServiceCategories().size > 200);
    assert.ok(awsServiceSubcategories().size > 30);
    const oci = serviceCategoryLookup(['oci/oci_category_mapping.csv']);
    assert.ok(serviceSubcategoryLookup(['oci/oci_subcategory.csv'], oci).size > 20);
    assert.equal(awsRegionNames().get('eu-west-1'), 'EU (Ireland)');
  });

  it('lets the upstream mapping win over CostLens’s supplement', () => {
    // AWSCloudShell is only in the supplement; AmazonS3 is upstream.
    assert.equal(awsServiceCategories().get('awscloudshell'), 'Developer Tools');
    assert.equal(awsServiceCategories().get('amazons3'), 'Storage');
  });

  it('refuses a category FOCUS does not allow, and a subcategory outside its category', () => {
    const dir = tempDir();
    const badCategory = writeTemp(dir, 'cat.csv', 'code,ServiceCategory\nFOO,Serverless\n');
    const badPair = writeTemp(dir, 'sub.csv', 'code,ServiceSubcategory\nFOO,Object Storage\n');
    const refused = (fn: () => unknown, pattern: RegExp) =>
      assert.throws(
        fn,
        (e) => isCostLensError(e) && e.code === 'INTERNAL' && pattern.test(e.message),
      );
    refused(() => serviceCategoryLookup([badCategory]), /Serverless/);
    refused(
      () => serviceSubcategoryLookup([badPair], new Map([['foo', 'Compute']])),
      /foo → Object Storage/,
    );
  });

  it('looks keys up case-insensitively in SQL, with a fallback and an Other (category) default', async () => {
    const wh = await DuckDbWarehouse.open();
    const map = new Map([['amazons3', 'Storage']]);
    const [row] = await wh.query<Record<string, string | null>>(
      `SELECT ${lookupExpr(`'AmazonS3'`, map)} AS hit, ${lookupExpr(`'Nope'`, map, `'Other'`)} AS fallback,
         ${lookupExpr('NULL', map)} AS nothing,
         ${subcategoryExpr(`'Nope'`, new Map(), `'Compute'`)} AS other`,
    );
    assert.deepEqual(row, {
      hit: 'Storage',
      fallback: 'Other',
      nothing: null,
      other: 'Other (Compute)',
    });
    await wh.close();
  });
});

/**
 * The FOCUS validator's requirements model (finopsfoundation/focus_validator, model-1.2.json):
 * rules with a keyword (MUST, SHOULD, MAY…), an optional row condition and a requirement built
 * from a small set of check functions. This module only types and loads it; interpreting the
 * check functions is compile-check.ts's job. The model and the ISO 4217 list ship in core/data.
 */
import { readFileSync } from 'node:fs';

/** A check-function node: `{ CheckFunction: 'CheckValue', ColumnName, Value }`, `AND`/`OR` with Items… */
export interface CheckNode {
  CheckFunction?: string;
  Items?: CheckNode[];
  ColumnName?: string;
  /** A misspelling of ColumnName found in a few rules of model 1.2. */
  CheckCondition?: string;
  ColumnAName?: string;
  ColumnBName?: string;
  ResultColumnName?: string;
  Value?: string | number | null;
  ExpectedCount?: number;
  ModelRuleId?: string;
}

export interface ModelRule {
  Function: string;
  Reference: string;
  EntityType: 'Column' | 'Attribute' | 'Dataset' | string;
  Notes?: string | null;
  ModelVersionIntroduced: string;
  Status: string;
  ApplicabilityCriteria: string[];
  Type: 'Static' | 'Dynamic' | string;
  ValidationCriteria: {
    MustSatisfy: string;
    Keyword: string;
    Requirement: CheckNode;
    Condition: CheckNode;
    Dependencies: string[];
  };
}

export interface ValidatorModel {
  Details: { ModelVersion: string; FOCUSVersion: string };
  ApplicabilityCriteria: Record<string, { Description: string }>;
  CheckFunctions: Record<string, { Description: string; Arguments: string[] }>;
  ModelDatasets: Record<string, { ModelRules: string[] }>;
  ModelRules: Record<string, ModelRule>;
}

const DATA_DIR = new URL('../../data/focus-validator/', import.meta.url);

let cachedModel: ValidatorModel | undefined;
let cachedCurrencies: readonly string[] | undefined;

/**
 * Loads the validator model shipped with core (or one at `path`).
 * @example const model = loadValidatorModel(); model.ModelRules['BilledCost-C-004-M'];
 */
export function loadValidatorModel(path?: string): ValidatorModel {
  if (path) return JSON.parse(readFileSync(path, 'utf8')) as ValidatorModel;
  cachedModel ??= JSON.parse(
    readFileSync(new URL('model-1.2.json', DATA_DIR), 'utf8'),
  ) as ValidatorModel;
  return cachedModel;
}

/** ISO 4217 national currency codes (the validator's list, used by CheckNationalCurrency). */
export function nationalCurrencies(): readonly string[] {
  cachedCurrencies ??= readFileSync(new URL('currency_codes.csv', DATA_DIR), 'utf8')
    .split(/\r?\n/)
    .slice(1)
    .map((l) => l.split(',')[1]?.trim() ?? '')
    .filter((c) => /^[A-Z]{3}$/.test(c));
  return cachedCurrencies;
}

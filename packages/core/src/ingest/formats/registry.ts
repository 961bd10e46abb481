/**
 * The formats `costlens ingest` knows, and detection from a file's header: the best-scoring
 * format wins; none → UNKNOWN_FORMAT naming what was seen. New converters register here.
 */
import { CostLensError } from '../../errors.ts';
import type { SourceFormat } from '../source-format.ts';
import { awsCurFormat } from './aws-cur.ts';
import { awsCur2Format } from './aws-cur2.ts';
import { azureFormat } from './azure.ts';
import { focusFormat } from './focus.ts';
import { gcpFormat } from './gcp.ts';
import { ociFormat } from './oci.ts';

export const FORMATS: SourceFormat[] = [
  focusFormat,
  awsCurFormat,
  awsCur2Format,
  ociFormat,
  azureFormat,
  gcpFormat,
];

export function findFormat(id: string): SourceFormat {
  const f = FORMATS.find((x) => x.id === id);
  if (!f) {
    throw new CostLensError({
      code: 'INVALID_INPUT',
      message: `unknown format "${id}"`,
      hint: `Known formats: ${FORMATS.map((x) => x.id).join(', ')}.`,
    });
  }
  return f;
}

export function detectFormat(file: string, header: readonly string[]): SourceFormat {
  let best: SourceFormat | undefined;
  let bestScore = 0;
  for (const f of FORMATS) {
    const score = f.detect(header);
    if (score > bestScore) {
      best = f;
      bestScore = score;
    }
  }
  if (!best) {
    const shown = header.slice(0, 6).join(', ');
    throw new CostLensError({
      code: 'UNKNOWN_FORMAT',
      message: `${file}: not a billing export CostLens recognises (header starts: ${shown}${header.length > 6 ? ', …' : ''}).`,
      hint: `Known formats: ${FORMATS.map((x) => `${x.id} (${x.label})`).join('; ')}. Pass --format to force one.`,
      issues: [{ file, line: 1, message: 'unrecognised header' }],
    });
  }
  return best;
}

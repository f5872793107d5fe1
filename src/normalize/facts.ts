/**
 * Turns matched cells into facts: the value read from the cell, the indicator's unit, the cell
 * text as read, "row × column" label and where it came from. Values are never guessed: a cell
 * we could not read is kept with value null, a low confidence and a warning.
 */
import type { ReportFormat, Fact, RecordWarning } from '../record/schema.js';
import type { CellMatch } from './formats/index.js';
import { indicatorsOf } from './indicators.js';
import { readNumber } from './numbers.js';
import { LOW_CONFIDENCE, factWarning } from './warnings.js';

/** Confidence given to a value whose digits were repaired from OCR look-alike letters. */
const REPAIRED_CONFIDENCE = 0.6;
/** Confidence given to a cell that did not read as a number. */
const UNPARSED_CONFIDENCE = 0.2;

const factId = (key: string, period: string) => `${key}@${period}`;

export interface FactsResult {
  facts: Fact[];
  warnings: RecordWarning[];
}

export function buildFacts(matches: readonly CellMatch[], format: ReportFormat): FactsResult {
  const indicators = indicatorsOf(format);
  const facts = new Map<string, Fact>();
  const warnings: RecordWarning[] = [];
  for (const m of matches) {
    const indicator = indicators.get(m.key);
    if (!indicator) continue;
    const reading = readNumber(m.cell.text, {
      targetUnit: indicator.unit,
      ...(m.contextUnit ? { contextUnit: m.contextUnit } : {}),
    });
    if (m.onlyWhenPrinted && reading.kind !== 'number' && reading.kind !== 'unparsed') continue;
    const page = Math.max(1, m.cell.page);
    const id = factId(m.key, m.period);
    const earlier = facts.get(id);
    if (earlier) {
      if (earlier.value !== reading.value) {
        warnings.push(
          factWarning('DUPLICATE_VALUE', m.key, page, `${m.key} read twice: kept ${earlier.raw}, ignored ${m.cell.text}`),
        );
      }
      continue;
    }

    let confidence = m.cell.confidence;
    const where = `${m.rowLabel} × ${m.columnLabel}`.trim();
    if (m.cell.confidence < LOW_CONFIDENCE) {
      warnings.push(
        factWarning(
          'OCR_LOW_CONFIDENCE',
          m.key,
          page,
          `${m.key} read with confidence ${m.cell.confidence.toFixed(2)} at ${where}`,
        ),
      );
    }
    if (reading.kind === 'number' && reading.repaired) {
      confidence = Math.min(confidence, REPAIRED_CONFIDENCE);
      warnings.push(factWarning('OCR_LOW_CONFIDENCE', m.key, page, `${m.key}: letters read as digits in "${m.cell.text}"`));
    }
    if (reading.kind === 'unparsed') {
      confidence = Math.min(confidence, UNPARSED_CONFIDENCE);
      warnings.push(factWarning('UNPARSED_VALUE', m.key, page, `${m.key}: "${m.cell.text}" is not a number`));
    }
    if (m.labelScore < LOW_CONFIDENCE) {
      confidence = Math.min(confidence, m.labelScore);
      warnings.push(
        factWarning('LABEL_UNCERTAIN', m.key, page, `${m.key} matched loosely (${m.labelScore.toFixed(2)}) to "${where}"`),
      );
    }

    facts.set(id, {
      key: m.key,
      period: m.period,
      value: reading.value,
      unit: indicator.unit,
      raw: m.cell.text,
      label: m.rowLabel ? `${m.rowLabel} × ${m.columnLabel}` : m.columnLabel,
      source: { page, bbox: m.cell.bbox, method: m.method, confidence: Number(confidence.toFixed(3)) },
    });
  }
  return { facts: [...facts.values()], warnings };
}

/** One warning listing the indicators of the format that no table cell gave. */
export function missingIndicators(facts: readonly Fact[], format: ReportFormat): RecordWarning[] {
  if (format === 'none') return [];
  const have = new Set(facts.map((f) => f.key));
  const missing = [...indicatorsOf(format).keys()].filter((k) => !have.has(k) && k !== 'proactive.channels.total');
  if (!missing.length) return [];
  const shown = missing.slice(0, 12).join(', ') + (missing.length > 12 ? ', …' : '');
  return [{ code: 'INDICATORS_MISSING', message: `${missing.length} indicators of ${format} not found in the tables: ${shown}` }];
}

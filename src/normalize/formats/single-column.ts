/**
 * Shared reading of the older forms (gov2014, fujian): one label column (possibly merged over
 * several grid columns), a unit column, and one or two value columns named in a header row
 * ("统计指标 | 单位 | 统计数", "指标名称 | 单位 | 2018年 | 历年累计").
 */
import type { GridCell, Table } from '../../model.js';
import type { RowDef } from '../indicators.js';
import { assignLabels, type ObservedLabel } from '../labels.js';
import { unitInLabel } from '../numbers.js';
import { type CellMatch, HeadingTrail, cellText, labelParts } from './grid.js';

export interface ValueColumn {
  index: number;
  period: 'year' | 'cumulative';
  label: string;
  /** How surely the header names this column (1 unless read loosely). */
  score?: number;
}

export interface ColumnRoles {
  labelEnd: number;
  unit?: number;
  values: ValueColumn[];
}

/**
 * Decides, for one header text, whether it names a value column, of which period and how
 * surely (0..1); null when it does not.
 */
export type ValueHeader = (text: string) => { period: 'year' | 'cumulative'; score: number } | null;

const UNIT_HEADER_RE = /^(?:计量)?单位$/;
/** What a unit cell holds (a heading row prints a dash or nothing). */
const UNIT_CELL_RE = /^(?:条|件|个|人|次|篇|项|家|份|人次|万元|元|—+|-+)?$/;

/** A value column whose header could not be read, placed beside the other one. */
const PLACED_SCORE = 0.7;

/** Header text without quotes, brackets or spaces that OCR leaves ("”历年累计", "2018 年"). */
const headerForm = (cell: GridCell | undefined): string => cellText(cell).replace(/[^\p{Script=Han}A-Za-z0-9]/gu, '');

/**
 * The roles of a header row's columns, or null when it names no value column — or names one
 * period twice (a header cell merged over both value columns), which would be a guess.
 */
export function rolesFromHeader(
  row: readonly GridCell[],
  valueHeader: ValueHeader,
  periods: readonly ValueColumn['period'][] = ['year'],
): ColumnRoles | null {
  const texts = row.map(headerForm);
  const unit = texts.findIndex((t) => UNIT_HEADER_RE.test(t));
  const values: ValueColumn[] = [];
  for (const [index, t] of texts.entries()) {
    const named = index > 0 && index !== unit ? valueHeader(t) : null;
    if (!named) continue;
    if (values.some((v) => v.period === named.period)) return null;
    values.push({ index, period: named.period, label: cellText(row[index]), score: named.score });
  }
  if (!values.length) return null;
  // a two-period table (本年 | 历年累计) whose other header is unreadable: the column beside it
  if (periods.length === 2 && values.length === 1) {
    const [only] = values as [ValueColumn];
    const index = only.period === 'year' ? only.index + 1 : only.index - 1;
    if (index > 0 && index < row.length && index !== unit) {
      const period = only.period === 'year' ? 'cumulative' : 'year';
      values.push({ index, period, label: cellText(row[index]), score: PLACED_SCORE });
    }
  }
  const firstRole = Math.min(...values.map((v) => v.index), unit >= 0 ? unit : Infinity);
  return { labelEnd: Math.max(1, firstRole), ...(unit >= 0 ? { unit } : {}), values };
}

/**
 * Without a readable 单位 header, the unit column is the one left of the values whose cells
 * are unit words; the label ends before it (else every row would be labelled "件").
 */
function withUnitColumn(roles: ColumnRoles, rows: readonly (readonly GridCell[])[]): ColumnRoles {
  if (roles.unit !== undefined) return roles;
  for (let c = 1; c < roles.labelEnd; c++) {
    const texts = rows.map((r) => headerForm(r[c]));
    const filled = texts.filter(Boolean);
    if (filled.length >= 3 && texts.filter((t) => UNIT_CELL_RE.test(t)).length >= 0.8 * texts.length) {
      return { ...roles, unit: c, labelEnd: c };
    }
  }
  return roles;
}

export interface SingleColumnOptions {
  rows: readonly RowDef[];
  valueHeader: ValueHeader;
  /** The periods the table has value columns for (default: the year only). */
  periods?: readonly ValueColumn['period'][];
  /** Roles to assume when no header row is found (by table width). */
  defaultRoles: (width: number) => ColumnRoles;
}

/** Maps the rows of one table group (a table and its continuations) to the format's keys. */
export function mapSingleColumnTables(tables: readonly Table[], options: SingleColumnOptions): CellMatch[] {
  let roles: ColumnRoles | null = null;
  const trail = new HeadingTrail();
  const observed: ObservedLabel[] = [];
  const rows: { cells: readonly GridCell[]; method: Table['method']; roles: ColumnRoles; label: string; spans: Set<number> }[] =
    [];
  for (const t of tables) {
    const w = t.cells[0]?.length ?? 0;
    // the header is among the first rows (a caption row may come first)
    const readRoles = (r: readonly GridCell[]) => rolesFromHeader(r, options.valueHeader, options.periods);
    const headerAt = t.cells.slice(0, 3).findIndex((r) => readRoles(r));
    if (headerAt >= 0) roles = withUnitColumn(readRoles(t.cells[headerAt]!)!, t.cells.slice(headerAt + 1));
    const use = roles ?? withUnitColumn(options.defaultRoles(w), t.cells);
    for (const r of t.cells.slice(headerAt + 1)) {
      const parts = labelParts(r, 0, use.labelEnd);
      if (!parts.length) continue;
      observed.push(trail.observe(parts));
      rows.push({
        cells: r,
        method: t.method,
        roles: use,
        label: parts.join(' '),
        spans: new Set(r.slice(0, use.labelEnd).map((c) => c.spanId)),
      });
    }
  }

  return assignLabels(observed, options.rows).flatMap((a) => {
    const row = rows[a.observed]!;
    const unitText = row.roles.unit === undefined ? '' : cellText(row.cells[row.roles.unit]);
    const unit = unitInLabel(unitText);
    return row.roles.values.flatMap((v): CellMatch[] => {
      const cell = row.cells[v.index];
      if (!cell || row.spans.has(cell.spanId)) return [];
      return [
        {
          key: a.spec.id,
          period: v.period,
          cell,
          method: row.method,
          rowLabel: row.label,
          columnLabel: v.label,
          labelScore: Math.min(a.score, v.score ?? 1),
          ...(unit ? { contextUnit: unit } : {}),
          ...(a.spec.onlyWhenPrinted ? { onlyWhenPrinted: true } : {}),
        },
      ];
    });
  });
}

/**
 * The arithmetic identities of each form, evaluated on the facts as printed. A failed check
 * flags its keys for the reader; values are never changed to make a check pass.
 *
 * Operands: a check is 'skip' when any operand is missing (no cell was read for it), when its
 * total (the parent) is printed blank, or when every addend is. Otherwise an addend printed
 * blank counts as 0 — forms are routinely filled with blanks for "none" (see the sparse corpus
 * documents, whose broken rows have blanks), and skipping every row with one blank would hide
 * real inconsistencies. The detail says when blanks were counted as 0.
 */
import type { Check, Fact, ReportFormat } from '../record/schema.js';
import { REQUEST_COLUMNS, REQUEST_ROWS, type GovFormat, resultRowIds } from './indicators.js';

type Period = Fact['period'];
type Lookup = (key: string) => Fact | undefined;

const EPSILON = 1e-6;

const show = (f: Fact | undefined): string => (f === undefined ? 'missing' : f.value === null ? 'blank' : String(f.value));
const num = (f: Fact | undefined): number => f?.value ?? 0;
const printed = (f: Fact | undefined): boolean => f !== undefined && f.value !== null;
const round = (x: number): number => Number(x.toFixed(6));

function blanksNote(facts: readonly (Fact | undefined)[]): string {
  return facts.some((f) => f !== undefined && f.value === null) ? ' (blank counted as 0)' : '';
}

interface SumOutcome {
  total: number;
  sum: number;
  ok: boolean;
  terms: string;
  note: string;
}

const sumDetail = (label: string) => (o: SumOutcome) => `${label} ${o.total} ${o.ok ? '=' : '≠'} ${o.terms} = ${o.sum}${o.note}`;

/** parent = sum of children; `describe` words the detail of an evaluated check. */
function sumCheck(
  rule: string,
  parent: string,
  children: readonly string[],
  get: Lookup,
  describe: (o: SumOutcome) => string = sumDetail(parent),
  where = parent,
): Check {
  const p = get(parent),
    cs = children.map(get);
  const keys = [parent, ...children];
  if (!printed(p)) return { rule, status: 'skip', keys, detail: `${where}: total ${show(p)}` };
  const lost = children.filter((_, i) => cs[i] === undefined);
  if (lost.length) return { rule, status: 'skip', keys, detail: `${where}: not found: ${lost.join(', ')}` };
  if (!cs.some(printed)) return { rule, status: 'skip', keys, detail: `${where}: no part printed` };
  const sum = round(cs.reduce((a, f) => a + num(f), 0));
  const ok = Math.abs(sum - num(p)) < EPSILON;
  const detail = describe({ total: num(p), sum, ok, terms: cs.map(show).join(' + '), note: blanksNote(cs) });
  return { rule, status: ok ? 'pass' : 'fail', keys, detail };
}

// ---- gov2019 / gov2021 -----------------------------------------------------------------------

const APPLICANTS = REQUEST_COLUMNS.map((c) => c.id).filter((id) => id !== 'total');
const COLUMNS = REQUEST_COLUMNS.map((c) => c.id);

function rowTotal(row: string, get: Lookup): Check {
  const describe = (o: SumOutcome) =>
    `row ${row}: total ${o.total} ${o.ok ? '=' : '≠'} ${o.sum} = sum of applicant columns${o.note}`;
  return sumCheck(
    'requests.row_total',
    `requests.${row}.total`,
    APPLICANTS.map((a) => `requests.${row}.${a}`),
    get,
    describe,
    `row ${row}`,
  );
}

function columnTotal(format: GovFormat, column: string, get: Lookup): Check {
  const rows = resultRowIds(format).map((r) => `requests.${r}.${column}`);
  const describe = (o: SumOutcome) =>
    `column ${column}: （七）总计 ${o.total} ${o.ok ? '=' : '≠'} ${o.sum} = sum of result rows${o.note}`;
  return sumCheck('requests.column_total', `requests.total.${column}`, rows, get, describe, `column ${column}`);
}

/** 第一项加第二项之和，等于第三项加第四项之和 (printed on the form itself). */
function balance(column: string, get: Lookup): Check {
  const keys = ['new', 'carried_in', 'total', 'carried_out'].map((r) => `requests.${r}.${column}`);
  const fs = keys.map(get);
  const rule = 'requests.balance';
  const lost = keys.filter((_, i) => fs[i] === undefined);
  if (lost.length) return { rule, status: 'skip', keys, detail: `column ${column}: not found: ${lost.join(', ')}` };
  if (!(printed(fs[0]) || printed(fs[1])) || !(printed(fs[2]) || printed(fs[3]))) {
    return { rule, status: 'skip', keys, detail: `column ${column}: one side not printed` };
  }
  const left = round(num(fs[0]) + num(fs[1])),
    right = round(num(fs[2]) + num(fs[3]));
  const ok = Math.abs(left - right) < EPSILON;
  return {
    rule,
    status: ok ? 'pass' : 'fail',
    keys,
    detail: `new+carried_in = total+carried_out for column ${column}: ${show(fs[0])}+${show(fs[1])} ${ok ? '=' : '≠'} ${show(fs[2])}+${show(fs[3])}${blanksNote(fs)}`,
  };
}

function govChecks(format: GovFormat, get: Lookup): Check[] {
  const outcome = (group: string) => ['upheld', 'corrected', 'other', 'pending'].map((o) => `${group}.${o}`);
  return [
    ...REQUEST_ROWS[format].map((r) => rowTotal(r.id, get)),
    ...COLUMNS.map((c) => columnTotal(format, c, get)),
    ...COLUMNS.map((c) => balance(c, get)),
    sumCheck('review.sum', 'review.total', outcome('review'), get),
    sumCheck('litigation.direct.sum', 'litigation.direct.total', outcome('litigation.direct'), get),
    sumCheck('litigation.after_review.sum', 'litigation.after_review.total', outcome('litigation.after_review'), get),
  ];
}

// ---- gov2014 and fujian ----------------------------------------------------------------------

const children = (parent: string, ids: readonly string[]) => ids.map((id) => `${parent}.${id}`);

/** [rule, parent, children]: the parent = sum of children rows the form implies. */
const GOV2014_SUMS: readonly [string, string, readonly string[]][] = [
  [
    'proactive.channels.sum',
    'proactive.channels.total',
    children('proactive.channels', ['gazette', 'website', 'weibo', 'wechat', 'other']),
  ],
  ['requests.received.sum', 'requests.received', children('requests.received', ['in_person', 'fax', 'online', 'letter'])],
  ['requests.closed.sum', 'requests.closed', children('requests.closed', ['on_time', 'extended'])],
  [
    'requests.replied.sum',
    'requests.replied',
    children('requests.replied', [
      'already_public',
      'granted',
      'partial',
      'denied',
      'not_this_agency',
      'not_exist',
      'correction',
      'other_channel',
    ]),
  ],
  [
    'requests.replied.denied.sum',
    'requests.replied.denied',
    children('requests.replied.denied', [
      'state_secret',
      'commercial_secret',
      'privacy',
      'security',
      'not_gov_info',
      'other_law',
    ]),
  ],
  ['review.sum', 'review.total', ['review.upheld', 'review.corrected', 'review.other']],
  ['litigation.sum', 'litigation.total', ['litigation.upheld', 'litigation.corrected', 'litigation.other']],
  ['org.staff.sum', 'org.staff', children('org.staff', ['full_time', 'part_time'])],
];

const FUJIAN_SUMS: readonly [string, string, readonly string[]][] = [
  ['requests.received.sum', 'requests.received', children('requests.received', ['in_person', 'online', 'letter_fax'])],
  ['requests.replied.sum', 'requests.replied', children('requests.replied', ['granted', 'partial', 'denied', 'other'])],
];

function lookup(facts: readonly Fact[], period: Period): Lookup {
  const m = new Map(facts.filter((f) => f.period === period).map((f) => [f.key, f]));
  return (key) => m.get(key);
}

/** Every identity of the format, evaluated on the facts. */
export function runChecks(format: ReportFormat, facts: readonly Fact[]): Check[] {
  const year = lookup(facts, 'year');
  switch (format) {
    case 'gov2021':
    case 'gov2019':
      return govChecks(format, year);
    case 'gov2014':
      return GOV2014_SUMS.map(([rule, parent, kids]) => sumCheck(rule, parent, kids, year));
    case 'fujian': {
      const cumulative = lookup(facts, 'cumulative');
      return FUJIAN_SUMS.flatMap(([rule, parent, kids]) => [
        sumCheck(rule, parent, kids, year),
        sumCheck(rule, parent, kids, cumulative, sumDetail(`${parent} (cumulative)`), `${parent} (cumulative)`),
      ]);
    }
    case 'none':
      return [];
  }
}

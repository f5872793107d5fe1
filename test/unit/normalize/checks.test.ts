import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../src/normalize/checks.js';
import { REQUEST_COLUMNS, REQUEST_ROWS } from '../../../src/normalize/indicators.js';
import type { Fact } from '../../../src/record/schema.js';

const fact = (key: string, value: number | null, period: Fact['period'] = 'year'): Fact => ({
  key,
  period,
  value,
  unit: '件',
  raw: value === null ? '' : String(value),
  label: key,
  source: { page: 1, bbox: null, method: 'text', confidence: 1 },
});

/** A consistent gov2019 table 3 + table 4: natural column only nonzero. */
function gov2019Facts(): Fact[] {
  const values: Record<string, number> = { new: 3, carried_in: 1, granted: 2, partial: 1, total: 3, carried_out: 1 };
  const facts = REQUEST_ROWS.gov2019.flatMap((r) =>
    REQUEST_COLUMNS.map((c) =>
      fact(`requests.${r.id}.${c.id}`, c.id === 'natural' || c.id === 'total' ? (values[r.id] ?? 0) : 0),
    ),
  );
  const review = { upheld: 1, corrected: 1, other: 0, pending: 0, total: 2 };
  for (const group of ['review', 'litigation.direct', 'litigation.after_review']) {
    for (const [k, v] of Object.entries(review)) facts.push(fact(`${group}.${k}`, v));
  }
  return facts;
}
const set = (facts: Fact[], key: string, value: number | null) => facts.map((f) => (f.key === key ? { ...f, value } : f));
const failed = (facts: Fact[], format: Parameters<typeof runChecks>[0] = 'gov2019') =>
  runChecks(format, facts).filter((c) => c.status === 'fail');

describe('gov2019 / gov2021 identities', () => {
  it('pass on a consistent table', () => {
    const checks = runChecks('gov2019', gov2019Facts());
    expect(checks.filter((c) => c.status !== 'pass')).toEqual([]);
    expect(new Set(checks.map((c) => c.rule))).toEqual(
      new Set([
        'requests.row_total',
        'requests.column_total',
        'requests.balance',
        'review.sum',
        'litigation.direct.sum',
        'litigation.after_review.sum',
      ]),
    );
  });

  it('row total: total column = sum of the six applicant columns', () => {
    const fails = failed(set(gov2019Facts(), 'requests.granted.commercial', 1));
    const row = fails.find((c) => c.rule === 'requests.row_total')!;
    expect(row.detail).toBe('row granted: total 2 ≠ 3 = sum of applicant columns');
    expect(row.keys).toContain('requests.granted.commercial');
    expect(row.keys).toContain('requests.granted.total');
  });

  it('column total: （七）总计 = sum of the result rows, sub-rows included', () => {
    const fails = failed(set(set(gov2019Facts(), 'requests.denied.query.natural', 1), 'requests.denied.query.total', 1));
    expect(fails.map((c) => c.rule)).toEqual(['requests.column_total', 'requests.column_total']);
    expect(fails[0]!.detail).toBe('column natural: （七）总计 3 ≠ 4 = sum of result rows');
  });

  it('balance: new + carried_in = total + carried_out per column', () => {
    const fails = failed(set(set(gov2019Facts(), 'requests.carried_out.natural', 2), 'requests.carried_out.total', 2));
    const balance = fails.filter((c) => c.rule === 'requests.balance');
    expect(balance.map((c) => c.detail)).toEqual([
      'new+carried_in = total+carried_out for column natural: 3+1 ≠ 3+2',
      'new+carried_in = total+carried_out for column total: 3+1 ≠ 3+2',
    ]);
  });

  it('table 4 group sums', () => {
    const fails = failed(set(gov2019Facts(), 'litigation.after_review.pending', 1));
    expect(fails.map((c) => [c.rule, c.detail])).toEqual([
      ['litigation.after_review.sum', 'litigation.after_review.total 2 ≠ 1 + 1 + 0 + 1 = 3'],
    ]);
  });

  it('skip when the total is blank or missing, count a blank part as 0 otherwise', () => {
    const blankTotal = runChecks('gov2019', set(gov2019Facts(), 'review.total', null)).find((c) => c.rule === 'review.sum')!;
    expect(blankTotal.status).toBe('skip');
    const missing = runChecks(
      'gov2019',
      gov2019Facts().filter((f) => f.key !== 'review.total'),
    ).find((c) => c.rule === 'review.sum')!;
    expect(missing.status).toBe('skip');
    const blankPart = runChecks('gov2019', set(gov2019Facts(), 'review.other', null)).find((c) => c.rule === 'review.sum')!;
    expect(blankPart).toMatchObject({ status: 'pass', detail: 'review.total 2 = 1 + 1 + blank + 0 = 2 (blank counted as 0)' });
    const broken = runChecks('gov2019', set(set(gov2019Facts(), 'review.other', null), 'review.upheld', 0)).find(
      (c) => c.rule === 'review.sum',
    )!;
    expect(broken.status).toBe('fail');
  });

  it('never change a value', () => {
    const facts = set(gov2019Facts(), 'requests.granted.commercial', 1);
    const before = JSON.stringify(facts);
    runChecks('gov2019', facts);
    expect(JSON.stringify(facts)).toBe(before);
  });
});

describe('gov2014 and fujian identities', () => {
  const gov2014 = [
    fact('requests.received', 4),
    fact('requests.received.in_person', 1),
    fact('requests.received.fax', 0),
    fact('requests.received.online', 2),
    fact('requests.received.letter', 1),
    fact('requests.closed', 4),
    fact('requests.closed.on_time', 3),
    fact('requests.closed.extended', 1),
    fact('requests.replied', 4),
    ...['already_public', 'partial', 'not_this_agency', 'not_exist', 'correction', 'other_channel'].map((k) =>
      fact(`requests.replied.${k}`, 0),
    ),
    ...['state_secret', 'commercial_secret', 'security', 'not_gov_info', 'other_law'].map((k) =>
      fact(`requests.replied.denied.${k}`, 0),
    ),
    fact('review.corrected', 0),
    fact('review.other', null),
    fact('litigation.corrected', 0),
    fact('litigation.other', 0),
    fact('requests.replied.granted', 2),
    fact('requests.replied.denied', 2),
    fact('requests.replied.denied.privacy', 2),
    fact('org.staff', 3),
    fact('org.staff.full_time', 1),
    fact('org.staff.part_time', 2),
    fact('review.total', 1),
    fact('review.upheld', 1),
    fact('litigation.total', 0),
    fact('litigation.upheld', 0),
  ];

  it('pass when parents equal their children', () => {
    const checks = runChecks('gov2014', gov2014);
    expect(checks.filter((c) => c.status === 'fail')).toEqual([]);
    expect(checks.find((c) => c.rule === 'proactive.channels.sum')?.status).toBe('skip');
    expect(checks.find((c) => c.rule === 'requests.closed.sum')?.status).toBe('pass');
  });

  it('fail each rule on its own', () => {
    for (const [key, rule] of [
      ['requests.received.letter', 'requests.received.sum'],
      ['requests.closed.extended', 'requests.closed.sum'],
      ['requests.replied.granted', 'requests.replied.sum'],
      ['requests.replied.denied.privacy', 'requests.replied.denied.sum'],
      ['org.staff.part_time', 'org.staff.sum'],
      ['review.upheld', 'review.sum'],
      ['litigation.upheld', 'litigation.sum'],
    ] as const) {
      expect(
        failed(set(gov2014, key, 9), 'gov2014').map((c) => c.rule),
        key,
      ).toContain(rule);
    }
  });

  it('fujian: received and replied per period', () => {
    const facts = [
      fact('requests.received', 3),
      fact('requests.received.in_person', 1),
      fact('requests.received.online', 1),
      fact('requests.received.letter_fax', 1),
      fact('requests.received', 7, 'cumulative'),
      fact('requests.received.in_person', 1, 'cumulative'),
      fact('requests.received.online', 1, 'cumulative'),
      fact('requests.received.letter_fax', 1, 'cumulative'),
    ];
    const checks = runChecks('fujian', facts).filter((c) => c.rule === 'requests.received.sum');
    expect(checks.map((c) => c.status)).toEqual(['pass', 'fail']);
    expect(checks[1]!.detail).toBe('requests.received (cumulative) 7 ≠ 1 + 1 + 1 = 3');
    expect(runChecks('none', facts)).toEqual([]);
  });
});

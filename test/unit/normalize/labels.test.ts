import { describe, expect, it } from 'vitest';
import type { LabelSpec } from '../../../src/normalize/indicators.js';
import {
  ORDER_SCORE,
  assignLabels,
  formSimilarity,
  labelForm,
  labelSimilarity,
  numberingLevel,
  scoreLabel,
  similarAtLeast,
  stripNumbering,
} from '../../../src/normalize/labels.js';
import { REQUEST_COLUMNS, REQUEST_ROWS, REVIEW_COLUMNS } from '../../../src/normalize/indicators.js';

const spec = (text: string | string[], context?: string): LabelSpec => ({
  text: typeof text === 'string' ? [text] : text,
  ...(context ? { context: [context] } : {}),
});
const obs = (leaf: string, ...context: string[]) => ({ leaf, context });

describe('labelForm', () => {
  it('ignores numbering prefixes of every style', () => {
    for (const s of [
      '一、本年新收',
      '（一）本年新收',
      '(一)本年新收',
      '1.本年新收',
      '1、本年新收',
      '１．本年新收',
      '(1)本年新收',
      '①本年新收',
      '其中：1.本年新收',
      '（二）1.本年新收',
    ]) {
      expect(labelForm(s), s).toBe('本年新收');
    }
    expect(stripNumbering('1.5万元')).toBe('1.5万元');
  });

  it('ignores spacing, full/half width, punctuation and quote styles', () => {
    const want = labelForm('3.危及“三安全一稳定”');
    for (const s of ['3. 危及"三安全一稳定"', '3．危及「三安全一稳定」', '3.危及 “三安全一稳定” ', '3、危及‘三安全一稳定’']) {
      expect(labelForm(s), s).toBe(want);
    }
    expect(labelForm('（二）部分公开（区分处理的，只计这一情形，不计其他情形）')).toBe(
      labelForm('(二) 部分公开(区分处理的, 只计这一情形, 不计其他情形)'),
    );
    expect(labelForm('统 计 指 标')).toBe('统计指标');
  });
});

describe('numberingLevel', () => {
  it('tells the heading levels apart', () => {
    expect(numberingLevel('三、本年度办理结果')).toBe(1);
    expect(numberingLevel('（三）不予公开')).toBe(2);
    expect(numberingLevel('1.属于国家秘密')).toBe(3);
    expect(numberingLevel('其中：涉及国家秘密')).toBe(4);
    expect(numberingLevel('涉及商业秘密')).toBe(0);
  });
});

describe('labelSimilarity', () => {
  it('accepts aliases only through the definition alternatives', () => {
    const nonprofit = spec(['社会公益组织', '社会组织']);
    expect(scoreLabel(nonprofit, obs('社会组织')).score).toBe(1);
    expect(scoreLabel(spec('社会公益组织'), obs('社会组织')).score).toBeLessThan(0.9);
  });

  it('tolerates OCR damage of a character or two (seed 001 style)', () => {
    expect(labelSimilarity('2. 政府网站公开政府倍息数', '2.政府网站公开政府信息数')).toBeGreaterThan(0.8);
    expect(labelSimilarity('(三)从事政府信息公开工作人贝数', '（三）从事政府信息公开工作人员数')).toBeGreaterThan(0.8);
    expect(
      labelSimilarity(
        '(四)政府信息公开专项经费(不包括用于政府公报编辑管理及政府网站 建设维护等方面的经费)',
        '（四）政府信息公开专项经费（不包括用于政府公报编辑管理及政府网站建设维护等方面的经费）',
      ),
    ).toBe(1);
  });

  it('keeps different labels apart', () => {
    expect(labelSimilarity('其他', '其他处理')).toBeLessThan(0.6);
    expect(labelSimilarity('行政许可', '行政强制')).toBeLessThan(0.6);
    expect(
      labelSimilarity('(不同渠道和方式公开相同信息计1条)', '（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）'),
    ).toBeLessThan(0.8);
  });

  it('similarAtLeast agrees with labelSimilarity on every pair of definition wordings and their damaged forms', () => {
    const wordings = [...REQUEST_COLUMNS, ...REQUEST_ROWS.gov2021, ...REQUEST_ROWS.gov2019, ...REVIEW_COLUMNS].flatMap(
      (d) => d.text,
    );
    // Observed labels: the wordings, cut short, with a character replaced, and with a heading in front.
    const observed = wordings.flatMap((w) => [
      w,
      w.slice(0, Math.ceil(w.length / 2)),
      `${w.slice(0, -1)}贝`,
      `（三）不予公开 ${w}`,
    ]);
    let close = 0;
    for (const o of observed) {
      for (const w of wordings) {
        for (const min of [0.6, 0.8, 0.85]) {
          const similar = labelSimilarity(o, w) >= min;
          expect(similarAtLeast(o, w, min), `${o} / ${w} at ${min}`).toBe(similar);
          if (similar && o !== w) close++;
        }
      }
    }
    expect(close).toBeGreaterThan(wordings.length);
  });

  it('formSimilarity is the better of bigram Dice and normalized edit distance, as defined', () => {
    // The textbook definitions, written for clarity: a multiset of bigrams and the full table.
    const bigrams = (s: string) => {
      const m = new Map<string, number>();
      for (let i = 0; i + 1 < s.length; i++) m.set(s.slice(i, i + 2), (m.get(s.slice(i, i + 2)) ?? 0) + 1);
      return m;
    };
    const dice = (a: string, b: string) => {
      if (a.length < 2 || b.length < 2) return a === b ? 1 : 0;
      const gb = bigrams(b);
      let common = 0;
      for (const [g, n] of bigrams(a)) common += Math.min(n, gb.get(g) ?? 0);
      return (2 * common) / (a.length + b.length - 2);
    };
    const edits = (a: string, b: string): number => {
      const d = Array.from({ length: a.length + 1 }, (_, i) =>
        Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
      );
      for (let i = 1; i <= a.length; i++)
        for (let j = 1; j <= b.length; j++)
          d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      return d[a.length]![b.length]!;
    };
    const reference = (a: string, b: string) => {
      if (!a || !b) return 0;
      if (a === b) return 1;
      const s = Math.max(dice(a, b), 1 - edits(a, b) / Math.max(a.length, b.length));
      return b.length >= 4 && a.endsWith(b) ? Math.max(s, 0.9) : s;
    };
    const forms = [...REQUEST_ROWS.gov2021, ...REVIEW_COLUMNS]
      .flatMap((d) => d.text)
      .map(labelForm)
      // repeated bigrams, a long form growing the reused edit-distance row, one character
      .concat(['其他其他其他', '不予公开不予公开'.repeat(12), '计', '']);
    const variants = forms.flatMap((f) => [f, f.slice(1), `${f.slice(0, -2)}贝`, `不予公开${f}`]);
    let differ = 0;
    for (const a of variants) for (const b of forms) if (formSimilarity(a, b) !== reference(a, b)) differ++;
    expect(differ).toBe(0);
    expect(variants.length * forms.length).toBeGreaterThan(1000);
  });

  it('reads a merged cell that carries its heading', () => {
    expect(labelSimilarity('（三）不予公开 1.属于国家秘密', '1.属于国家秘密')).toBeGreaterThanOrEqual(0.9);
  });
});

describe('assignLabels', () => {
  const specs = [
    spec('维持具体行政行为数', '四、行政复议数量'),
    spec('被依法纠错数', '四、行政复议数量'),
    spec('维持具体行政行为或者驳回原告诉讼请求数', '五、行政诉讼数量'),
    spec('被依法纠错数', '五、行政诉讼数量'),
  ];

  it('uses the heading to tell twin labels apart, and never gives one label two rows', () => {
    const got = assignLabels(
      [
        obs('（一）维持具体行政行为数', '四、行政复议数量'),
        obs('（二）被依法纠错数', '四、行政复议数量'),
        obs('（一）维持具体行政行为或者驳回原告诉讼请求数', '五、行政诉讼数量'),
        obs('（二）被依法纠错数', '五、行政诉讼数量'),
      ],
      specs,
    );
    expect(got.map((a) => [a.observed, specs.indexOf(a.spec)])).toEqual([
      [0, 0],
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
  });

  it('keeps the form order when the heading is lost (damaged numbering)', () => {
    // the 五、 heading was not recognised, so both 被依法纠错数 rows carry the 四、 heading
    const got = assignLabels(
      [
        obs('维持具体行政行为数', '四、行政复议数量'),
        obs('已二)被依法纠错数', '四、行政复议数量'),
        obs('维持具体行政行为或者驳回原告诉讼请求数', '四、行政复议数量'),
        obs('(二)被依法纠错数', '四、行政复议数量'),
      ],
      specs,
    );
    expect(got.map((a) => [a.observed, specs.indexOf(a.spec)])).toEqual([
      [0, 0],
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
  });

  it('matches each definition to one row only, the best one', () => {
    const got = assignLabels(
      [obs('(一) 主动公开政府信息数'), obs('(不同渠道和方式公开相同信息计1条)')],
      [spec('（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）')],
    );
    expect(got).toHaveLength(1);
    expect(got[0]!.observed).toBe(0);
  });

  it('places a badly damaged label by its neighbours, with a score that flags it', () => {
    const rows = [spec('3.其他'), spec('（七）总计'), spec('四、结转下年度继续办理')];
    const got = assignLabels([obs('3.其他'), obs('(七)总汁'), obs('四、结转下年度继续办理')], rows);
    expect(got).toHaveLength(3);
    expect(got[1]).toMatchObject({ observed: 1, spec: rows[1], by: 'order', score: ORDER_SCORE });
  });

  it('places a lone row between two paired neighbours however damaged, but not an unrelated row at the edge', () => {
    const rows = [spec('3.其他'), spec('（七）总计'), spec('四、结转下年度继续办理')];
    const inside = assignLabels([obs('3.其他'), obs('襄/ 世、'), obs('四、结转下年度继续办理')], rows);
    expect(inside.map((a) => [a.observed, a.by])).toEqual([
      [0, 'label'],
      [1, 'order'],
      [2, 'label'],
    ]);
    const edge = assignLabels([obs('3.其他'), obs('（七）总计'), obs('填表说明：本表由办公室填报')], rows);
    expect(edge.map((a) => a.observed)).toEqual([0, 1]);
  });

  it('does not place rows by order where the counts do not fit and the labels differ', () => {
    const rows = [spec('3.其他'), spec('（七）总计'), spec('四、结转下年度继续办理')];
    const got = assignLabels([obs('3.其他'), obs('填表说明'), obs('备注'), obs('四、结转下年度继续办理')], rows);
    expect(got.map((a) => a.observed)).toEqual([0, 3]);
  });

  it('rejects labels below the threshold', () => {
    expect(assignLabels([obs('申请公开的主要内容')], [spec('依申请公开信息收取的费用')])).toEqual([]);
  });
});

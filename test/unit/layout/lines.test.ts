import { describe, expect, it } from 'vitest';
import { buildLines, isPageNumberText, joinWrapped } from '../../../src/layout/lines.js';
import { item, page } from '../tables/synthetic.js';

describe('buildLines', () => {
  it('groups runs into lines in reading order and closes gaps between CJK runs', () => {
    const lines = buildLines(
      page([item('第二行', 80, 130), item('政府', 80, 100), item('信息', 130, 101), item('2023', 200, 100)], []),
    );
    expect(lines.map((l) => l.text)).toEqual(['政府信息 2023', '第二行']);
    expect(lines[0]!.bbox).toEqual([80, 100, 240, 111]);
    expect(lines[0]!.page).toBe(1);
  });

  it('drops page numbers in the top and bottom bands only', () => {
    const items = [
      item('—1—', 280, 800),
      item('- 2 -', 280, 20),
      item('第 3 页', 280, 810),
      item('12', 300, 400), // a lone number in the body stays
      item('正文', 80, 100),
    ];
    expect(buildLines(page(items, [])).map((l) => l.text)).toEqual(['正文', '12']);
  });
});

describe('isPageNumberText', () => {
  it.each(['—1—', '- 2 -', '第 3 页', '第3页 共5页', '3/5', '7'])('%s is a page number', (t) => {
    expect(isPageNumberText(t)).toBe(true);
  });
  it.each(['2023年', '一、概述', '第二十条'])('%s is not', (t) => {
    expect(isPageNumberText(t)).toBe(false);
  });
});

describe('joinWrapped', () => {
  it('joins CJK and numbers without spaces, English words with one', () => {
    expect(joinWrapped(['主动公开政府信息', '4286条'])).toBe('主动公开政府信息4286条');
    expect(joinWrapped(['Produced by', 'Hanweb'])).toBe('Produced by Hanweb');
  });
});

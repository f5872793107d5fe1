import { describe, expect, it } from 'vitest';
import { closeCjkGaps, compactText, isCjk, normalizeText, tidyText } from '../../../src/text/normalize-text.js';

describe('normalizeText', () => {
  it('folds Kangxi radicals to the unified ideographs', () => {
    expect(normalizeText('⼀、本年新收')).toBe('一、本年新收');
    expect(normalizeText('⼈民政府')).toBe('人民政府');
  });

  it('folds CJK radical supplement code points that NFKC leaves alone', () => {
    expect('⻔'.normalize('NFKC')).toBe('⻔');
    expect(normalizeText('部⻔')).toBe('部门');
    expect(normalizeText('⻓期⻅效')).toBe('长期见效');
  });

  it('gives the simplified character where NFKC would give the traditional one', () => {
    expect('⼾'.normalize('NFKC')).toBe('戶');
    expect(normalizeText('⻔⼾网站')).toBe('门户网站');
    expect(normalizeText('⿈⾭')).toBe('黄青');
  });

  it('folds full-width forms and keeps Chinese punctuation without compatibility forms', () => {
    expect(normalizeText('（一）２０１９年：')).toBe('(一)2019年:');
    expect(normalizeText('“三安全一稳定”、。')).toBe('“三安全一稳定”、。');
    expect(normalizeText('⸺')).toBe('——');
  });

  it('compacts and tidies white space of every width', () => {
    expect(compactText(' 索 引　号 ：')).toBe('索引号:');
    expect(tidyText('  a \u3000 b\u00A0 ')).toBe('a b');
  });

  it('closes gaps between CJK characters only', () => {
    expect(closeCjkGaps('政 府 信息 公开 2019 年')).toBe('政府信息公开 2019 年');
    expect(isCjk('政')).toBe(true);
    expect(isCjk('a')).toBe(false);
  });
});

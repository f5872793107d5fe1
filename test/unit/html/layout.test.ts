import { describe, expect, it } from 'vitest';
import { headingLevel, layoutFromHtml, splitHeading } from '../../../src/html/layout.js';
import type { HtmlDocument } from '../../../src/model.js';

describe('headingLevel / splitHeading', () => {
  it('knows the three numbering levels (blocks are NFKC-normalized)', () => {
    expect(headingLevel('一、概述')).toBe(1);
    expect(headingLevel('十二、其他')).toBe(1);
    expect(headingLevel('(一)主动公开')).toBe(2);
    expect(headingLevel('- (二)主动公开')).toBe(2);
    expect(headingLevel('1.属于国家秘密')).toBe(3);
    expect(headingLevel('2、重大决策信息公开')).toBe(3);
    expect(headingLevel('3.5万元用于网站建设')).toBeUndefined();
    expect(headingLevel('一是加强学习')).toBeUndefined();
    expect(headingLevel('2018年,我镇')).toBeUndefined();
  });

  it('splits a heading run into its paragraph', () => {
    expect(splitHeading('(一)主动公开。2021年,我市主动公开政府信息100条。')).toEqual({
      heading: '(一)主动公开',
      level: 2,
      text: '2021年,我市主动公开政府信息100条。',
    });
    expect(splitHeading('一、概述')).toEqual({ heading: '一、概述', level: 1, text: '' });
    const long = `1.${'信息公开时效性有待加强,'.repeat(8)}`;
    expect(splitHeading(long)).toBeUndefined();
  });
});

describe('layoutFromHtml', () => {
  const doc: HtmlDocument = {
    cms: { system: 'hanweb', indexNo: 'X/2019-1' },
    pageTitle: '报告',
    blocks: [
      '本报告根据条例编制。',
      '一、概述',
      '正文一。',
      '(一)主动公开。本年公开100条。',
      '补充说明。',
      '二、存在的问题',
      '1.问题一',
    ],
    tables: [],
  };

  it('makes one line per block on page 1 and sections from the headings', () => {
    const layout = layoutFromHtml(doc);
    expect(layout.pages).toBe(1);
    expect(layout.lines.map((l) => l.text)).toEqual(doc.blocks);
    for (const line of layout.lines) expect(line).toMatchObject({ page: 1, bbox: [0, 0, 0, 0], fontSize: 0 });
    expect(layout.sections).toEqual([
      { heading: '一、概述', level: 1, text: '正文一。' },
      { heading: '(一)主动公开', level: 2, text: '本年公开100条。\n补充说明。' },
      { heading: '二、存在的问题', level: 1, text: '' },
      { heading: '1.问题一', level: 3, text: '' },
    ]);
    expect(layout).toMatchObject({ cms: doc.cms, pageTitle: '报告', tables: [], warnings: [] });
  });
});

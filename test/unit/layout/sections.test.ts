import { describe, expect, it } from 'vitest';
import type { TextLine } from '../../../src/model.js';
import { buildSections, headingLevel } from '../../../src/layout/sections.js';

/** Body lines of a page: margin 70, right edge 520, 10 pt text; indent marks a paragraph start. */
function lines(spec: [string, 'indent' | 'full' | 'short'][]): TextLine[] {
  return spec.map(([text, kind], i) => {
    const x0 = kind === 'indent' ? 90 : 70;
    const x1 = kind === 'short' ? 70 + 10 * text.length : 520;
    return { page: 1, text, bbox: [x0, 100 + 17 * i, x1, 110 + 17 * i], fontSize: 10 };
  });
}

describe('headingLevel', () => {
  it.each([
    ['一、概述', 1],
    ['十二、其他', 1],
    ['(一)加强组织领导', 2],
    ['（二）附表', 2],
    ['1.政府网站', 3],
    ['2、重复申请', 3],
    ['2023年,我市', 0],
    ['1.5万元', 0],
    ['一是强化', 0],
  ])('%s → %i', (text, level) => {
    expect(headingLevel(text)).toBe(level);
  });
});

describe('buildSections', () => {
  it('builds the section list with levels and joins wrapped lines without spaces', () => {
    const sections = buildSections(
      lines([
        ['龙岩市人民政府2018年度报告', 'indent'],
        ['一、概述', 'indent'],
        ['2018年,在上级主管部门的指导下,我市坚持公开为原则、不公开为例外,紧紧围', 'indent'],
        ['绕中心工作扎实推进。', 'short'],
        ['(一)加强组织领导。成立由主要领导任组长的政府信息公开工作领导小组,领导', 'indent'],
        ['小组办公室设在市政府办公室。', 'short'],
        ['1.专人负责', 'indent'],
        ['二、主动公开政府信息情况', 'indent'],
        ['第一段。', 'indent'],
        ['第二段。', 'indent'],
      ]),
    );
    expect(sections.map((s) => [s.level, s.heading])).toEqual([
      [1, '一、概述'],
      [2, '(一)加强组织领导'],
      [3, '1.专人负责'],
      [1, '二、主动公开政府信息情况'],
    ]);
    expect(sections[0]!.text).toBe('2018年,在上级主管部门的指导下,我市坚持公开为原则、不公开为例外,紧紧围绕中心工作扎实推进。');
    expect(sections[1]!.text).toBe('成立由主要领导任组长的政府信息公开工作领导小组,领导小组办公室设在市政府办公室。');
    expect(sections[3]!.text).toBe('第一段。\n第二段。');
  });

  it('keeps a heading wrapped over two lines whole', () => {
    const sections = buildSections(
      lines([
        ['(三)《政务公开工作要点》中本单位所涉及内容的部署、贯彻和落实情', 'indent'],
        ['况', 'short'],
        ['根据要求召开专题会议。', 'indent'],
      ]),
    );
    expect(sections).toEqual([
      { level: 2, heading: '(三)《政务公开工作要点》中本单位所涉及内容的部署、贯彻和落实情况', text: '根据要求召开专题会议。' },
    ]);
  });

  it('continues a paragraph over a page break', () => {
    const l = lines([
      ['一、概述', 'indent'],
      ['本年度我市推进政务公开工作,主动公开各类政府信息共计一千余条,其中通过', 'indent'],
    ]);
    l.push({ page: 2, text: '政府网站公开九百条。', bbox: [70, 80, 170, 90], fontSize: 10 });
    expect(buildSections(l)[0]!.text).toBe(
      '本年度我市推进政务公开工作,主动公开各类政府信息共计一千余条,其中通过政府网站公开九百条。',
    );
  });
});

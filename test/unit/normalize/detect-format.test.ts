import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../../src/normalize/detect-format.js';
import { table } from './build-table.js';

const requests = table([
  ['项目', '<', '<', '申请人情况', '<'],
  ['一、本年新收政府信息公开申请数量', '<', '<', '0', '0'],
  ['二、上年结转政府信息公开申请数量', '<', '<', '0', '0'],
  ['三、本年度办理结果', '（六）其他处理', '<', '0', '0'],
  ['四、结转下年度继续办理', '<', '<', '0', '0'],
]);
const review = table([
  ['行政复议', '<', '行政诉讼', '<'],
  ['结果维持', '尚未审结', '未经复议直接起诉', '复议后起诉'],
  ['0', '0', '0', '0'],
]);

describe('detectFormat', () => {
  it('tells gov2021 from gov2019 by table 2', () => {
    const t2021 = table([
      ['信息内容', '本年制发件数', '本年废止件数', '现行有效件数'],
      ['规章', '0', '0', '0'],
      ['行政事业性收费', '本年收费金额（单位：万元）', '<', '<'],
    ]);
    const t2019 = table([
      ['信息内容', '本年新制作数量', '本年新公开数量', '对外公开总数量'],
      ['行政许可', '上一年项目数量', '本年增/减', '处理决定数量'],
    ]);
    expect(detectFormat([t2021, requests, review])).toBe('gov2021');
    expect(detectFormat([t2019, requests, review])).toBe('gov2019');
  });

  it('tells gov2021 by its three （六） rows when table 2 is missing, else takes the one-row 2019 form', () => {
    const split = table([
      ['三、本年度办理结果', '（六）其他处理', '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请', '0'],
      ['^', '^', '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请', '0'],
    ]);
    expect(detectFormat([requests, split, review])).toBe('gov2021');
    expect(detectFormat([requests, review])).toBe('gov2019');
  });

  it('recognises gov2014 and fujian, whatever the year', () => {
    const gov2014 = table([
      ['统计指标', '单位', '统计数'],
      ['一、主动公开情况', '', ''],
      ['三、依申请公开情况', '', ''],
      ['（一）收到申请数', '件', '0'],
      ['（三）申请答复数', '件', '0'],
    ]);
    const fujian = table([
      ['指标名称', '单位', '2018年', '历年累计'],
      ['受理政府信息公开申请总数', '条', '0', '0'],
      ['对申请的答复总数', '条', '0', '0'],
    ]);
    expect(detectFormat([gov2014])).toBe('gov2014');
    expect(detectFormat([fujian])).toBe('fujian');
  });

  it('is none without a statistics table', () => {
    expect(detectFormat([])).toBe('none');
    expect(
      detectFormat([
        table([
          ['索引号', '公开方式', '发布机构'],
          ['1/2018-1', '主动公开', '某镇人民政府'],
        ]),
      ]),
    ).toBe('none');
  });
});

import { describe, expect, it } from 'vitest';
import { completeAgency } from '../../../src/normalize/agency.js';
import {
  agencyInTitle,
  extractMetadata,
  findTitle,
  parseDate,
  sameBodyAsSigned,
  yearOf,
} from '../../../src/normalize/metadata.js';
import { layout } from './build-table.js';

const meta = (lines: string[], extra = {}) => extractMetadata(layout([], lines, extra));

describe('parseDate', () => {
  it('reads the date styles reports print', () => {
    expect(parseDate('2019年1月14日')).toBe('2019-01-14');
    expect(parseDate('2017 年 2 月 14 日')).toBe('2017-02-14');
    expect(parseDate('二〇一九年一月十四日')).toBe('2019-01-14');
    expect(parseDate('二○二○年十二月三十一日')).toBe('2020-12-31');
    expect(parseDate('2019.1.14')).toBe('2019-01-14');
    expect(parseDate('2019-01-14')).toBe('2019-01-14');
    expect(parseDate('2019/1/4')).toBe('2019-01-04');
    expect(parseDate('２０１９年１月１４日')).toBe('2019-01-14');
  });

  it('rejects what is not a date', () => {
    expect(parseDate('2019年')).toBeNull();
    expect(parseDate('2019年13月1日')).toBeNull();
    expect(parseDate('0952-8011132')).toBeNull();
  });
});

describe('title, year and agency', () => {
  it('finds the title and the year reported on', () => {
    expect(
      findTitle(['永安市小陶镇人民政府文件', '永安市小陶镇人民政府 2018年政府信息公开工作年度报告', '本年度报告根据……'])?.title,
    ).toBe('永安市小陶镇人民政府 2018年政府信息公开工作年度报告');
    expect(yearOf('二〇一八年政府信息公开工作年度报告')).toBe(2018);
    expect(yearOf('漳州市人民政府2021年度政府信息公开工作年度报告')).toBe(2021);
  });

  it('joins a title wrapped over two lines', () => {
    expect(findTitle(['龙岩市人民政府2018年度政府信息公开工作年', '度报告', '本报告根据……'])?.title).toBe(
      '龙岩市人民政府2018年度政府信息公开工作年度报告',
    );
  });

  it('reads an OCR-damaged title when no clean one is found', () => {
    const t = findTitle(['某市服区东关镇人民政府 2019 政府信', '息公开作度报告', '根据《条例》……']);
    expect(t?.title).toBe('某市服区东关镇人民政府 2019 政府信息公开作度报告');
    expect(yearOf(t!.title)).toBe(2019);
    expect(agencyInTitle(t!.title)).toBe('某市服区东关镇人民政府');
    expect(findTitle(['永安市小陶镇人民政府 2018 年政府信息公开工作年度', '报重', '本年度报告根据'])?.title).toBe(
      '永安市小陶镇人民政府 2018 年政府信息公开工作年度报重',
    );
  });

  it('does not take the body or the breadcrumb for a title', () => {
    expect(
      findTitle(['首页 > 政府信息公开 > 政府信息公开年报', '本报告根据《条例》编制，现公布2018年政府信息公开工作年度报告']),
    ).toBeNull();
  });

  it('takes the agency before or after the year', () => {
    expect(agencyInTitle('永安市小陶镇人民政府 2018年政府信息公开工作年度报告')).toBe('永安市小陶镇人民政府');
    expect(agencyInTitle('2011年永春县交通运输局政府信息公开工作年度报告')).toBe('永春县交通运输局');
    expect(agencyInTitle('2018年政府信息公开工作年度报告')).toBeNull();
  });

  it('completes a bare place name from the text, without taking the words before it', () => {
    const texts = ['如有疑问和建议,请直接与文昌镇人民政府党政办公室联系(地址:中卫市沙坡头区文昌镇人民政府党政办公室 207 室)'];
    expect(completeAgency('文昌镇', texts)).toBe('中卫市沙坡头区文昌镇人民政府');
    expect(completeAgency('四坝镇', ['116223010153210935/2018-14316 主动公开凉州区四坝镇人民政府'])).toBe('四坝镇人民政府');
    expect(completeAgency('四坝镇', ['信息来源: 凉州区四坝镇人民政府 发布日期: 2018-02-01'])).toBe('凉州区四坝镇人民政府');
    expect(completeAgency('陶乐街道', [])).toBe('陶乐街道办事处');
    expect(completeAgency('永春县交通运输局', ['福建省永春县交通运输局'])).toBe('永春县交通运输局');
  });
});

describe('extractMetadata', () => {
  it('reads the signature block at the end', () => {
    const m = meta([
      '浦城县住房和城乡建设局2016年政府信息公开工作年度报告',
      '根据《条例》……统计期限为2016年1月1日至2016年12月31日。',
      '浦城县住房和城乡建设局',
      '2017 年 2 月 14 日',
    ]);
    expect(m).toEqual({
      title: '浦城县住房和城乡建设局2016年政府信息公开工作年度报告',
      agency: '浦城县住房和城乡建设局',
      year: 2016,
      publishedOn: '2017-02-14',
    });
  });

  it('reads 填报日期 and a Chinese-numeral signature date', () => {
    expect(
      meta(['吴忠市人民政府2015年政府信息公开工作年度报告', '联系电话：0953-4935597 填报日期：2016年3月19日']).publishedOn,
    ).toBe('2016-03-19');
    expect(meta(['某县人民政府2019年政府信息公开工作年度报告', '某县人民政府 二〇二〇年一月十日']).publishedOn).toBe(
      '2020-01-10',
    );
  });

  it('reads a signature date with OCR damage', () => {
    expect(meta(['某镇人民政府2018年政府信息公开工作年度报告', '某镇人民政府', '2019 年 1] 月 14 日']).publishedOn).toBe(
      '2019-01-14',
    );
    expect(meta(['某镇人民政府2019年政府信息公开工作年度报告', '某镇人民政府', '2020 年 3 月 17 月']).publishedOn).toBe(
      '2020-03-17',
    );
    expect(meta(['某局2020年政府信息公开工作年度报告', '某局', '2021年]月23日']).publishedOn).toBe('2021-01-23');
    expect(meta(['某局2020年政府信息公开工作年度报告', '某局', '2021年3月|日']).publishedOn).toBe('2021-03-01');
  });

  it('takes a date printed under the title, never one inside a sentence', () => {
    expect(
      meta(['四坝镇2017年政府信息公开年度报告', '信息来源: 凉州区四坝镇人民政府 发布日期: 2018-02-01 浏览次数:', '一、概述'])
        .publishedOn,
    ).toBe('2018-02-01');
    expect(
      meta([
        '文昌镇 2018 年政府信息公开工作年度报告',
        '本报告……报告所列数据统计期限自 2018 年 1 月 1 日至 2018 年 12 月 31 日。本报告电子版可在沙坡头区人民政府网站查阅或下载。',
      ]).publishedOn,
    ).toBeNull();
  });

  it('falls back to the signature, then the CMS, when the title names no agency', () => {
    expect(meta(['2018年政府信息公开工作年度报告', '正文', '某某市交通运输局', '2019年1月5日']).agency).toBe('某某市交通运输局');
    const cms = { cms: { system: 'trs' as const, publisher: '某某县人民政府', publishedOn: '2019-01-25' } };
    expect(meta(['2018年政府信息公开工作年度报告', '正文'], cms)).toMatchObject({
      agency: '某某县人民政府',
      publishedOn: '2019-01-25',
    });
  });

  it('takes the year from the statistics period when there is no title', () => {
    expect(meta(['根据《条例》规定，本报告所列数据统计期限为2018年1月1日至2018年12月31日。']).year).toBe(2018);
    expect(meta(['正文']).year).toBeNull();
  });

  it('uses the CMS title when the text has none', () => {
    const m = meta(['正文'], { cms: { system: 'hanweb' as const, title: '某某市人民政府2020年政府信息公开工作年度报告' } });
    expect(m).toMatchObject({ agency: '某某市人民政府', year: 2020 });
  });
});

describe('sameBodyAsSigned', () => {
  const signed = '曲靖市麒麟区东关镇人民政府';
  const lines = (title: string) => [title, '正文', signed, '2020年3月23日'];

  it("takes the signature's name for a title agency damaged at its start and printed nowhere else", () => {
    const title = '岂区东关镇人民政府2019,政府信息公开“作- 度报告';
    expect(sameBodyAsSigned('岂区东关镇人民政府', lines(title), signed)).toBe(signed);
    expect(meta(lines(title)).agency).toBe(signed);
  });

  it("keeps the title's agency when it is printed again, or names another body", () => {
    const twice = ['东关镇人民政府2019年政府信息公开工作年度报告', '现公布东关镇人民政府2019年度报告', signed];
    expect(sameBodyAsSigned('东关镇人民政府', twice, signed)).toBe('东关镇人民政府');
    // Only 区人民政府 in common: two bodies.
    expect(
      sameBodyAsSigned('麒麟区人民政府', lines('麒麟区人民政府2019年政府信息公开工作年度报告'), '曲靖市沾益区人民政府'),
    ).toBe('麒麟区人民政府');
    expect(sameBodyAsSigned('东关镇人民政府', lines('x'), null)).toBe('东关镇人民政府');
  });
});

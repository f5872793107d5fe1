import { describe, expect, it } from 'vitest';
import { parseChineseNumber, readNumber, unitInLabel } from '../../../src/normalize/numbers.js';

const value = (raw: string, opts = {}) => readNumber(raw, opts).value;

describe('readNumber', () => {
  it('reads plain, full-width and thousands-separated digits', () => {
    expect(value('12')).toBe(12);
    expect(value('０')).toBe(0);
    expect(value('１２３')).toBe(123);
    expect(value('1,234')).toBe(1234);
    expect(value('1，234，567')).toBe(1234567);
    expect(value('13649.5642')).toBe(13649.5642);
    expect(value(' 4 2 ')).toBe(42);
  });

  it('does not take a comma that is not a thousands separator', () => {
    expect(readNumber('1,23').kind).toBe('unparsed');
  });

  it('reads Chinese numerals', () => {
    expect(value('十二')).toBe(12);
    expect(value('二十')).toBe(20);
    expect(value('一百零五')).toBe(105);
    expect(value('两千')).toBe(2000);
    expect(value('三万五千')).toBe(35000);
    expect(value('零')).toBe(0);
    expect(parseChineseNumber('二〇一九')).toBe(2019);
    expect(parseChineseNumber('十四')).toBe(14);
    expect(parseChineseNumber('abc')).toBeNull();
  });

  it('reads negative signs and 减少/增加 in change columns', () => {
    expect(value('-1')).toBe(-1);
    expect(value('−2')).toBe(-2);
    expect(value('－3')).toBe(-3);
    expect(value('减少4')).toBe(-4);
    expect(value('减5')).toBe(-5);
    expect(value('增加2')).toBe(2);
    expect(value('+2')).toBe(2);
  });

  it('drops a count unit printed in the cell', () => {
    expect(readNumber('12件')).toEqual({ kind: 'number', value: 12, repaired: false, unit: '件' });
    expect(value('3项')).toBe(3);
    expect(value('50人次')).toBe(50);
  });

  it('converts money to the indicator unit 万元', () => {
    expect(value('251000元', { targetUnit: '万元' })).toBe(25.1);
    expect(value('3.5万元', { targetUnit: '万元' })).toBe(3.5);
    expect(value('0元', { targetUnit: '万元' })).toBe(0);
    expect(value('1.2亿元', { targetUnit: '万元' })).toBe(12000);
    // the unit printed in the header or unit column applies to a bare number
    expect(value('251000', { targetUnit: '万元', contextUnit: '元' })).toBe(25.1);
    expect(value('3.5', { targetUnit: '万元', contextUnit: '万元' })).toBe(3.5);
    // a count printed in 万
    expect(value('1.2万', { targetUnit: '件' })).toBe(12000);
  });

  it('keeps a printed blank apart from zero, and reads dashes and 无 as no value', () => {
    expect(readNumber('')).toEqual({ kind: 'blank', value: null });
    expect(readNumber('  ')).toEqual({ kind: 'blank', value: null });
    expect(readNumber('0')).toMatchObject({ kind: 'number', value: 0 });
    for (const dash of ['—', '——', '-', '－', '/', '无', '暂无'])
      expect(readNumber(dash), dash).toEqual({ kind: 'dash', value: null });
  });

  it('repairs OCR look-alike letters only in an otherwise numeric cell, and says so', () => {
    expect(readNumber('1O')).toEqual({ kind: 'number', value: 10, repaired: true });
    expect(readNumber('l5')).toEqual({ kind: 'number', value: 15, repaired: true });
    expect(readNumber('2S')).toEqual({ kind: 'number', value: 25, repaired: true });
    expect(readNumber('I2O')).toEqual({ kind: 'number', value: 120, repaired: true });
    expect(readNumber('OK').kind).toBe('unparsed');
    expect(readNumber('见附件').kind).toBe('unparsed');
  });
});

describe('unitInLabel', () => {
  it('finds a money unit in a header or unit cell', () => {
    expect(unitInLabel('本年收费金额（单位：万元）')).toBe('万元');
    expect(unitInLabel('采购总金额(元)')).toBe('元');
    expect(unitInLabel('万元')).toBe('万元');
    expect(unitInLabel('本年处理决定数量')).toBeUndefined();
  });
});

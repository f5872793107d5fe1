import { describe, expect, it } from 'vitest';
import {
  cleanCellLines,
  cleanNumber,
  cleanText,
  fixBrackets,
  fixNumbering,
  fixNumericText,
  isDashText,
  isNumberText,
} from '../../../src/ocr/postprocess.js';

const sym = (text: string, confidence = 0.9) => [...text].map((c) => ({ text: c, confidence }));

describe('cleanText', () => {
  it('closes the spaces OCR puts between CJK characters and folds full-width forms', () => {
    expect(cleanText('政府 信息 公开 （一） ２０１９年')).toBe('政府信息公开(一)2019年');
  });

  it('keeps spaces between Latin words only', () => {
    expect(cleanText('www. xiangyin gov . cn')).toBe('www.xiangyin gov.cn');
    expect(cleanText('0730 - 4325444')).toBe('0730-4325444');
  });
});

describe('fixNumericText: digit confusions only where a number is expected', () => {
  it('fixes O/o→0, l/I/|→1, S→5, B→8 when the rest is digits', () => {
    expect(fixNumericText('1O')).toBe('10');
    expect(fixNumericText('2o1')).toBe('201');
    expect(fixNumericText('l2')).toBe('12');
    expect(fixNumericText('I7')).toBe('17');
    expect(fixNumericText('|3')).toBe('13');
    expect(fixNumericText('S0')).toBe('50');
    expect(fixNumericText('1B')).toBe('18');
    expect(fixNumericText('1 2 3')).toBe('123');
    expect(fixNumericText('13649.5642')).toBe('13649.5642');
  });

  it('leaves words alone: letters without digits, or mixed with CJK', () => {
    expect(fixNumericText('SOS')).toBe('SOS');
    expect(fixNumericText('Bl')).toBe('Bl');
    expect(fixNumericText('1O件')).toBe('1O件');
    expect(fixNumericText('其他')).toBe('其他');
  });

  it('isNumberText accepts printed numbers only', () => {
    for (const ok of ['0', '12', '1,234', '3.5', '-2', '85%', '100.0%']) expect(isNumberText(ok)).toBe(true);
    for (const bad of ['', '1O', '1.2.3', '12件', '—', '1,23']) expect(isNumberText(bad)).toBe(false);
  });
});

describe('cleanNumber', () => {
  it('drops one speck at either end', () => {
    expect(cleanNumber(sym('.0'))).toBe('0');
    expect(cleanNumber(sym('”4199'))).toBe('4199');
    expect(cleanNumber(sym('4|'))).toBe('4'); // a rule remnant after the number
    expect(cleanNumber([{ text: '章', confidence: 0.3 }, ...sym('0')])).toBe('0');
  });

  it('does not turn a numbered label into a number', () => {
    expect(cleanNumber([...sym('1.'), ...sym('属于国家秘密', 0.5)])).toBeNull();
    expect(cleanNumber(sym('2.重复申请'))).toBeNull();
    expect(cleanNumber([{ text: '章', confidence: 0.95 }, ...sym('0')])).toBeNull();
  });

  it('fixes confusions inside the number', () => {
    expect(cleanNumber(sym('1O'))).toBe('10');
    expect(cleanNumber(sym('-3'))).toBe('-3');
    expect(cleanNumber(sym('85%'))).toBe('85%');
  });
});

describe('cell text clean-up', () => {
  it('pairs brackets with their look-alikes, across the lines of a cell', () => {
    expect(fixBrackets('《二)申请办结数')).toBe('(二)申请办结数');
    expect(fixBrackets('(一〉予以公开')).toBe('(一)予以公开');
    expect(fixBrackets('《条例》')).toBe('《条例》');
    expect(cleanCellLines(['(一)主动公开政府信息数〈不同渠道和方式公', '开相同信息计1条)'])).toEqual([
      '(一)主动公开政府信息数(不同渠道和方式公',
      '开相同信息计1条)',
    ]);
  });

  it('repairs damaged numbering', () => {
    expect(fixNumbering('三.本年度办理结果')).toBe('三、本年度办理结果');
    expect(fixNumbering('三一`本年度办理结果')).toBe('三、本年度办理结果');
    expect(fixNumbering('(七总计')).toBe('(七)总计');
    expect(fixNumbering('(五)不予处理')).toBe('(五)不予处理');
    expect(fixNumbering('1,属于已主动公开范围数')).toBe('1.属于已主动公开范围数');
    expect(fixNumbering('工.本机关不掌握相关政府信息')).toBe('1.本机关不掌握相关政府信息');
    expect(fixNumbering('十一、其他')).toBe('十一、其他');
  });

  it('drops stray marks at the ends of a cell, and joins vertical text whose numbering was fixed', () => {
    expect(cleanCellLines(['”本年制发件数'])).toEqual(['本年制发件数']);
    expect(cleanCellLines(['信息内容。'])).toEqual(['信息内容']);
    expect(cleanCellLines(['3.危及“三安全一稳定”'])).toEqual(['3.危及“三安全一稳定”']);
    expect(cleanCellLines(['(区分处理的,只', '计这一情形,不计其他', '情形)'])).toEqual([
      '(区分处理的,只',
      '计这一情形,不计其他',
      '情形)',
    ]);
    expect(cleanCellLines(['三', '.本年', '度办理', '结果'])).toEqual(['三、本年度办理结果']);
    expect(cleanCellLines(['“'])).toEqual([]);
  });

  it('recognises dash-only cells', () => {
    for (const d of ['一', '——', '-', '—']) expect(isDashText(d)).toBe(true);
    expect(isDashText('一、')).toBe(false);
  });
});

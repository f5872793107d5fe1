import { describe, expect, it } from 'vitest';
import { declaredCharset, decodeHtml } from '../../../src/html/decode.js';

/** 政府信息公开年度报告 in GBK. */
const GBK_TEXT = [213, 254, 184, 174, 208, 197, 207, 162, 185, 171, 191, 170, 196, 234, 182, 200, 177, 168, 184, 230];
const ascii = (s: string) => [...Buffer.from(s, 'latin1')];
const page = (...parts: number[][]) => new Uint8Array(parts.flat());

describe('decodeHtml', () => {
  it('decodes GBK declared by <meta charset>', () => {
    const bytes = page(ascii('<html><head><meta charset="gbk"></head><body><p>'), GBK_TEXT, ascii('</p></body></html>'));
    expect(declaredCharset(bytes)).toBe('gb18030');
    expect(decodeHtml(bytes)).toContain('<p>政府信息公开年度报告</p>');
  });

  it('decodes gb2312 declared by http-equiv Content-Type', () => {
    const head = '<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />';
    expect(decodeHtml(page(ascii(head), GBK_TEXT))).toContain('政府信息公开年度报告');
  });

  it('honours a BOM over the declaration', () => {
    const utf8 = [...Buffer.from('<meta charset="gbk"><p>年度报告</p>', 'utf8')];
    expect(decodeHtml(page([0xef, 0xbb, 0xbf], utf8))).toBe('<meta charset="gbk"><p>年度报告</p>');
    const utf16 = [...Buffer.from('<p>年度报告</p>', 'utf16le')];
    expect(decodeHtml(page([0xff, 0xfe], utf16))).toBe('<p>年度报告</p>');
  });

  it('defaults to UTF-8, and falls back to GB18030 for undeclared bytes that are not UTF-8', () => {
    expect(decodeHtml(new Uint8Array(Buffer.from('<p>年度报告</p>', 'utf8')))).toBe('<p>年度报告</p>');
    expect(decodeHtml(page(ascii('<p>'), GBK_TEXT, ascii('</p>')))).toBe('<p>政府信息公开年度报告</p>');
  });

  it('passes strings through without a BOM', () => {
    expect(decodeHtml('\uFEFF<p>x</p>')).toBe('<p>x</p>');
  });
});

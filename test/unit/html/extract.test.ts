import { describe, expect, it } from 'vitest';
import { NianbaoError } from '../../../src/errors.js';
import { extractHtml } from '../../../src/html/extract.js';

const utf8 = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));

function errorCode(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof NianbaoError ? err.code : 'not a NianbaoError';
  }
  return undefined;
}

describe('extractHtml', () => {
  it('throws EMPTY for an empty or blank file', () => {
    expect(errorCode(() => extractHtml(new Uint8Array(0)))).toBe('EMPTY');
    expect(errorCode(() => extractHtml(utf8(' \r\n\t\u3000 ')))).toBe('EMPTY');
    expect(errorCode(() => extractHtml(''))).toBe('EMPTY');
  });

  it('throws CORRUPT for binary data and text without markup', () => {
    expect(errorCode(() => extractHtml(new Uint8Array([0x25, 0x50, 0x44, 0x46, 0, 1, 2, 3, 0xff, 0xfe, 0, 0, 7, 8])))).toBe(
      'CORRUPT',
    );
    expect(errorCode(() => extractHtml(utf8('二〇一九年政府信息公开工作年度报告，纯文本。')))).toBe('CORRUPT');
  });

  it('reads a whole page: title, CMS fields, blocks and tables, without running or following anything', () => {
    const html = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>某镇2019年政府信息公开工作年度报告_某县人民政府</title>
      <script>throw new Error('must not run')</script></head><body>
      <div class="position">您当前的位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a></div>
      <table class="meta"><tr><td>索 引 号：</td><td>X/2020-7</td><td>发布机构：</td><td>某镇人民政府</td></tr>
      <tr><td>发布日期：</td><td>2020-01-16</td><td>公开方式：</td><td>主动公开</td></tr></table>
      <div class="TRS_Editor"><p>一、总体情况</p><p>本年度工作情况。</p>
      <iframe src="http://example.com/ad.html">框架里的字</iframe>
      <table><tr><td>信息内容</td><td>本年新制作数量</td></tr><tr><td>规章</td><td>0</td></tr></table></div>
      <a href="javascript:window.close()">关闭窗口</a></body></html>`;
    const doc = extractHtml(utf8(html), { url: 'https://example.gov.cn/a.html' });
    expect(doc.pageTitle).toBe('某镇2019年政府信息公开工作年度报告_某县人民政府');
    expect(doc.cms).toEqual({
      system: 'trs',
      indexNo: 'X/2020-7',
      publisher: '某镇人民政府',
      publishedOn: '2020-01-16',
      disclosure: '主动公开',
      breadcrumb: ['首页', '政务公开'],
      url: 'https://example.gov.cn/a.html',
    });
    expect(doc.blocks).toEqual(['一、总体情况', '本年度工作情况。']);
    expect(doc.tables).toHaveLength(1);
    expect(doc.tables[0]?.caption).toBe('本年度工作情况。');
    expect(doc.tables[0]?.cells.map((r) => r.map((c) => c.text))).toEqual([
      ['信息内容', '本年新制作数量'],
      ['规章', '0'],
    ]);
  });

  it('reads a GB2312 page', () => {
    // 政府信息公开年度报告 and 索引号 in GBK, inside ASCII markup.
    const report = [213, 254, 184, 174, 208, 197, 207, 162, 185, 171, 191, 170, 196, 234, 182, 200, 177, 168, 184, 230];
    const indexNo = [203, 247, 210, 253, 186, 197];
    const ascii = (s: string) => [...Buffer.from(s, 'latin1')];
    const bytes = new Uint8Array([
      ...ascii('<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body><table><tr><td>'),
      ...indexNo,
      ...ascii(':</td><td>A/2019-1</td></tr></table><div id="zoom"><p>'),
      ...report,
      ...ascii('</p></div></body></html>'),
    ]);
    const doc = extractHtml(bytes);
    expect(doc.cms.indexNo).toBe('A/2019-1');
    expect(doc.blocks).toEqual(['政府信息公开年度报告']);
  });

  it('finds the metadata box on an unknown page even when the guessed body wraps it', () => {
    const html = `<html><body><div class="wrap"><table><tr><td>发布机构：</td><td>某某乡人民政府</td><td>发布时间：</td><td>2021/3/5</td></tr></table>
      <p>某某乡人民政府2020年政府信息公开工作年度报告全文如下，本报告由某某乡人民政府编制。</p>
      <p>一、总体情况</p><p>2020年，我乡认真贯彻落实政府信息公开条例，全面推进政务公开工作。</p></div></body></html>`;
    const doc = extractHtml(html);
    expect(doc.cms).toMatchObject({ system: 'other', publisher: '某某乡人民政府', publishedOn: '2021-03-05' });
    expect(doc.tables).toEqual([]);
    expect(doc.blocks[0]).toMatch(/^某某乡人民政府2020年/);
  });
});

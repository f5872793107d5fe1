import { load } from 'cheerio';
import { describe, expect, it } from 'vitest';
import { bodyItems, findArticleBody, isChromeText } from '../../../src/html/body.js';
import { detectCms } from '../../../src/html/cms.js';

function items(html: string) {
  const $ = load(html);
  const body = findArticleBody($, detectCms($, html));
  if (body === undefined) throw new Error('no body');
  return { body, items: bodyItems($, body) };
}
const blocks = (html: string) => items(html).items.flatMap((i) => (i.kind === 'block' ? [i.text] : []));

const CHROME = `<div class="top">欢迎访问某某市人民政府门户网站</div>
  <nav><a href="/">首页</a><a href="/zwgk">政务公开</a></nav>
  <header><h1>某某市人民政府</h1></header>`;
const FOOTER = `<div class="share">分享到：<a href="javascript:void(0)">微信</a></div>
  <p><a href="javascript:window.print()">[打印本页]</a> <a href="javascript:window.close()">[关闭窗口]</a></p>
  <footer>主办单位：某某市人民政府办公室 网站标识码：1234</footer>
  <script>document.write('脚本里的中文不是正文')</script>`;

describe('findArticleBody / bodyItems', () => {
  it('takes the text between Hanweb ContentStart and ContentEnd only', () => {
    const out = blocks(`<html><body><table><tr><td>当前位置：首页</td></tr><tr><td id="zoom">
      <p>标题上方</p><!--ContentStart--><p>一、概述</p><p>正文第一段。</p><!--ContentEnd--><p>版权信息</p></td></tr></table></body></html>`);
    expect(out).toEqual(['一、概述', '正文第一段。']);
  });

  it('takes a TRS page body from .TRS_Editor, with its data tables in place', () => {
    const { body, items: found } = items(`<html><body>${CHROME}
      <table class="meta"><tr><td>索引号：</td><td>X/2019-1</td></tr><tr><td>发布机构：</td><td>某局</td></tr></table>
      <div class="article"><h1>报告标题</h1><div class="TRS_Editor"><style>.TRS_Editor P{}</style>
      <p>二、主动公开政府信息情况</p><table><tr><td>指标</td><td>数量</td></tr><tr><td>规章</td><td>3</td></tr></table>
      <p>三、其他</p></div></div>${FOOTER}</body></html>`);
    expect(body.via).toBe('trs');
    expect(found.map((i) => (i.kind === 'block' ? i.text : 'TABLE'))).toEqual(['二、主动公开政府信息情况', 'TABLE', '三、其他']);
  });

  it('finds the text-heaviest element on an unknown page and leaves out chrome, scripts and hidden text', () => {
    const out = blocks(`<html><body>${CHROME}
      <div class="wrap"><div class="side"><a href="/1">通知公告一</a><a href="/2">通知公告二</a></div>
      <div class="main-text"><p>本报告根据《中华人民共和国政府信息公开条例》要求编制，全文包括概述和附表。</p>
      <p style="display:none">隐藏的段落不应出现</p><div>二、主动公开政府信息情况<br>本年度主动公开政府信息一百条。</div>
      <p>&nbsp;</p></div></div>${FOOTER}</body></html>`);
    expect(out).toEqual([
      '本报告根据《中华人民共和国政府信息公开条例》要求编制,全文包括概述和附表。',
      '二、主动公开政府信息情况',
      '本年度主动公开政府信息一百条。',
    ]);
  });

  it('keeps paragraphs of a one-column frame table as blocks and skips a metadata box', () => {
    const { items: found } = items(`<html><body><div class="TRS_Editor">
      <table><tr><td><p>第一段正文内容。</p><p>第二段正文内容。</p></td></tr></table>
      <table><tr><td>索引号</td><td>发布机构</td></tr><tr><td>X</td><td>Y</td></tr></table></div></body></html>`);
    expect(found).toEqual([
      { kind: 'block', text: '第一段正文内容。' },
      { kind: 'block', text: '第二段正文内容。' },
    ]);
  });
});

describe('isChromeText', () => {
  it('recognises print/close/share controls but not content', () => {
    expect(isChromeText('[打印本页] [关闭窗口]')).toBe(true);
    expect(isChromeText('【打印】【关闭】')).toBe(true);
    expect(isChromeText('分享到:微信 微博')).toBe(true);
    expect(isChromeText('扫一扫在手机打开当前页')).toBe(true);
    expect(isChromeText('关闭窗口后继续办理申请')).toBe(false);
  });
});

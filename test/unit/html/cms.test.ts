import { load } from 'cheerio';
import { describe, expect, it } from 'vitest';
import { detectCms, extractBreadcrumb, extractCmsMetadata, normalizeDate } from '../../../src/html/cms.js';

const page = (head: string, body: string) => `<!DOCTYPE html><html><head>${head}</head><body>${body}</body></html>`;
const cmsOf = (html: string) => extractCmsMetadata(load(html), html);
const systemOf = (html: string) => detectCms(load(html), html);

describe('detectCms', () => {
  it('recognises Hanweb by its generator, its content markers or its footer', () => {
    expect(systemOf(page('<meta name="Generator" content="大汉版通">', '<p>x</p>'))).toBe('hanweb');
    expect(systemOf(page('', '<div><!--ContentStart--><p>x</p><!--ContentEnd--></div>'))).toBe('hanweb');
    expect(systemOf(page('', '<td><meta name="ContentStart"><p>x</p><meta name="ContentEnd"></td>'))).toBe('hanweb');
    expect(
      systemOf(
        page('', '<p>x</p><a href="http://www.hanweb.com" style="display:none">Produced By 大汉网络 大汉版通发布系统</a>'),
      ),
    ).toBe('hanweb');
  });

  it('recognises TRS by TRS_Editor (class or id) and its channel links', () => {
    expect(systemOf(page('', '<div class="TRS_Editor"><p>x</p></div>'))).toBe('trs');
    expect(systemOf(page('', '<div id="TRS_Editor_1"><p>x</p></div>'))).toBe('trs');
    expect(systemOf(page('', '<a class="CurrChnlCls" href="../">首页</a>'))).toBe('trs');
  });

  it('calls everything else other', () => {
    expect(systemOf(page('<meta name="generator" content="WordPress">', '<div class="content"><p>x</p></div>'))).toBe('other');
  });
});

describe('normalizeDate', () => {
  it('accepts the printed forms and gives YYYY-MM-DD', () => {
    expect(normalizeDate('2018年1月2日')).toBe('2018-01-02');
    expect(normalizeDate('2018/1/2')).toBe('2018-01-02');
    expect(normalizeDate('2018-01-02 10:00')).toBe('2018-01-02');
    expect(normalizeDate('2018.1.2')).toBe('2018-01-02');
    expect(normalizeDate('２０１８年１２月３１日')).toBe('2018-12-31');
    expect(normalizeDate(' 2018 年 1 月 2 日 ')).toBe('2018-01-02');
  });

  it('rejects what is not a calendar date', () => {
    expect(normalizeDate('2018-02-30')).toBeUndefined();
    expect(normalizeDate('2018-13-01')).toBeUndefined();
    expect(normalizeDate('浏览次数')).toBeUndefined();
  });
});

describe('extractCmsMetadata', () => {
  it('reads label/value cell pairs with spaced labels and full-width colons', () => {
    const cms = cmsOf(
      page(
        '',
        `<table><tr><td><b>索　引　号：</b></td><td>11640221010179360X/2018-00035</td><td>主题分类：</td><td>综合政务</td></tr>
         <tr><td>发 布 机 构：</td><td>某某镇人民政府</td><td>成文日期：</td><td>2018-01-01</td></tr>
         <tr><td>名　　称：</td><td colspan="3">某某镇2017年政府信息公开工作年度报告</td></tr>
         <tr><td>文　　号：</td><td></td><td>发布日期:</td><td>2018年1月2日</td></tr>
         <tr><td>公开方式：</td><td>主动公开</td><td>公开范围：</td><td>面向社会</td></tr></table>`,
      ),
    );
    expect(cms).toMatchObject({
      indexNo: '11640221010179360X/2018-00035',
      publisher: '某某镇人民政府',
      publishedOn: '2018-01-02',
      disclosure: '主动公开',
      title: '某某镇2017年政府信息公开工作年度报告',
    });
  });

  it('reads a row of labels over a row of values', () => {
    const cms = cmsOf(
      page(
        '',
        `<table><tr><td>索引号</td><td>公开方式</td><td>发布机构</td></tr>
         <tr><td>116223010153210935/2018-14316</td><td>依申请公开</td><td>某某区人民政府</td></tr></table>`,
      ),
    );
    expect(cms).toMatchObject({
      indexNo: '116223010153210935/2018-14316',
      disclosure: '依申请公开',
      publisher: '某某区人民政府',
    });
  });

  it('reads "label: value" runs, dt/dd pairs and label spans', () => {
    const cms = cmsOf(
      page(
        '',
        `<div class="info">信息来源: 某某局 &nbsp;&nbsp;发布日期: 2019/3/22 &nbsp;浏览次数: <span id="hits"></span></div>
         <dl><dt>索引号:</dt><dd>ABC/2019-1</dd></dl>
         <ul><li><span>公开方式：</span>主动公开</li><li><span>发布机构：</span><span>某某市人民政府</span></li></ul>`,
      ),
    );
    expect(cms).toMatchObject({
      publishedOn: '2019-03-22',
      indexNo: 'ABC/2019-1',
      disclosure: '主动公开',
      publisher: '某某市人民政府',
    });
  });

  it('takes 成文日期 only when there is no 发布日期, wherever the two stand', () => {
    const onlyWritten = cmsOf(page('', '<table><tr><td>成文日期：</td><td>2020-01-16</td></tr></table>'));
    expect(onlyWritten.publishedOn).toBe('2020-01-16');
    const both = cmsOf(
      page('', '<table><tr><td>成文日期：</td><td>2020-01-16</td><td>发布日期：</td><td>2020-01-20</td></tr></table>'),
    );
    expect(both.publishedOn).toBe('2020-01-20');
  });

  it('prefers the CMS meta tags for title and date, and the printed 发布机构 over ContentSource', () => {
    const cms = cmsOf(
      page(
        '<meta name="ArticleTitle" content="甲乙报告"><meta name="PubDate" content="2019-01-25 10:05"><meta name="ContentSource" content="来源单位">' +
          '<meta name="Url" content="http://www.example.gov.cn/a.html">',
        '<table><tr><td>名称：</td><td>甲乙</td><td>发布日期：</td><td>2019-01-26</td><td>发布机构：</td><td>某某县发改局</td></tr></table>',
      ),
    );
    expect(cms).toMatchObject({
      title: '甲乙报告',
      publishedOn: '2019-01-25',
      publisher: '某某县发改局',
      url: 'http://www.example.gov.cn/a.html',
    });
    const onlyMeta = cmsOf(page('<meta name="ContentSource" content="来源单位">', '<p>x</p>'));
    expect(onlyMeta.publisher).toBe('来源单位');
  });

  it('ignores label-like text inside the article body', () => {
    const html = page('', '<div id="body"><p>发布机构：不是元数据</p></div><div>发布机构：真正的机构</div>');
    const $ = load(html);
    const body = $('#body').get(0);
    expect(extractCmsMetadata($, html, body === undefined ? {} : { exclude: body }).publisher).toBe('真正的机构');
  });
});

describe('extractBreadcrumb', () => {
  const crumb = (body: string) => extractBreadcrumb(load(page('', body)));

  it('reads the items after 当前位置 / 您现在的位置 without separators', () => {
    expect(crumb('<div>当前位置:<a href="/">首页</a>&gt;<a href="/a">政府信息公开</a>&gt;<a href="/b">年报</a></div>')).toEqual([
      '首页',
      '政府信息公开',
      '年报',
    ]);
    expect(crumb('<p>您现在的位置： <a href="/">首页</a> › <a href="/x">政务公开</a> › 正文</p>')).toEqual([
      '首页',
      '政务公开',
      '正文',
    ]);
    expect(crumb('<div><span>您当前的位置：</span><a href="/">首页</a> » <a href="/x">乡镇（街道）</a></div>')).toEqual([
      '首页',
      '乡镇(街道)',
    ]);
  });

  it('falls back to the links of a crumb element whose separators are pictures', () => {
    expect(
      crumb(
        '<nav class="breadcrumb"><a href="/">首页</a><img src="s.gif"><a href="/z">政务公开</a><a href="javascript:void(0)">打印</a></nav>',
      ),
    ).toEqual(['首页', '政务公开']);
  });

  it('gives undefined on a page without one', () => {
    expect(crumb('<p>正文</p>')).toBeUndefined();
  });
});

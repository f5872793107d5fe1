/**
 * Readable documents that are hostile or simply not annual reports: a web page full of
 * scripts and XSS attempts around a real report, a news article, a government notice.
 */
import { buildCjkPdf, type CjkText } from '../pdf/cjk-pdf.js';

/** What the hostile page must never let into a record. */
export const HOSTILE_MARKERS = ['alert(', 'onerror', 'document.write', 'javascript:', '<script', '<iframe', 'evil.example'];

/**
 * A saved report page (e.g. samples/inputs/syn05.html) with scripts, frames, script links,
 * inline handlers and markup injected into its table cells. The figures it shows are the
 * original's, so it must give the same facts.
 */
export function hostileReportHtml(report: string): string {
  const injectHead = `<script>document.write('<p>2099年政府信息公开工作年度报告</p>');alert(1)</script>
<script src="https://evil.example/x.js"></script>
<meta http-equiv="refresh" content="0;url=javascript:alert(1)">`;
  const injectBody = `<iframe src="javascript:alert(document.cookie)"></iframe>
<iframe src="https://evil.example/frame.html" style="display:none"></iframe>
<a href="javascript:alert(1)">打印本页</a><svg onload="alert(1)"><script>alert(2)</script></svg>
<object data="https://evil.example/a.swf"></object><embed src="https://evil.example/b.swf">`;
  let cells = 0;
  const html = report
    .replace('</head>', `${injectHead}</head>`)
    .replace(/<body([^>]*)>/, (m) => `${m}${injectBody}`)
    // Numeric cells get an image with an error handler before the number and a script that
    // would print another number after it: only the printed number is the cell's text.
    .replace(/(<td[^>]*>)(\d+)(<\/td>)/g, (_m, open: string, n: string, close: string) => {
      cells++;
      return `${open}<img src=x onerror="alert(${cells})">${n}<script>document.write('9${n}')</script>${close}`;
    })
    // Label cells get a script link and a javascript: anchor around nothing.
    .replace(/(<td[^>]*>)(其中[^<]*)(<\/td>)/g, '$1$2<a href="javascript:void(alert(1))"></a>$3');
  if (cells === 0) throw new Error('no numeric table cells to inject into');
  return html;
}

/** A news article on a government site: no report title, no statistics table. */
export function newsArticleHtml(): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8">
<title>我镇召开2021年安全生产工作推进会_某某镇人民政府</title>
<meta name="ArticleTitle" content="我镇召开2021年安全生产工作推进会"></head>
<body><div class="position">当前位置：首页 &gt; 政务公开 &gt; 工作动态</div>
<div class="article"><h1>我镇召开2021年安全生产工作推进会</h1>
<div class="info">发布时间：2021-03-15 来源：镇政府办公室</div>
<div class="content">
<p>3月12日，我镇召开2021年安全生产工作推进会，镇党委书记出席会议并讲话。</p>
<p>会议通报了2020年全镇安全生产工作情况，部署了2021年重点工作。</p>
<p>会议要求，各村（社区）要压实责任，开展隐患排查整治，确保全镇安全生产形势持续稳定。</p>
<table border="1"><tr><td>村（社区）</td><td>检查次数</td></tr><tr><td>东村</td><td>12</td></tr><tr><td>西村</td><td>9</td></tr></table>
</div></div></body></html>`;
}

/** A notice (通知) from a town government as a text PDF: no statistics, no 年度报告 title. */
export function governmentNoticePdf(): Uint8Array {
  const lines = [
    '某某镇人民政府办公室',
    '关于开展2021年度安全生产大检查的通知',
    '各村（社区）、镇直各单位：',
    '为切实做好2021年度安全生产工作，经镇政府研究，决定在全镇范围内',
    '开展安全生产大检查。现将有关事项通知如下：',
    '一、检查时间',
    '2021年3月15日至4月15日。',
    '二、检查内容',
    '（一）安全生产责任制落实情况；',
    '（二）隐患排查治理情况。',
    '三、工作要求',
    '各单位要高度重视，于4月20日前将检查情况报镇安监办。',
    '某某镇人民政府办公室',
    '2021年3月10日',
  ];
  const texts: CjkText[] = lines.map((text, i) => ({
    x: i === 1 ? 120 : 72,
    y: 780 - i * 28,
    size: i === 1 ? 18 : 12,
    text,
  }));
  return buildCjkPdf([{ texts }], { title: '关于开展2021年度安全生产大检查的通知' });
}

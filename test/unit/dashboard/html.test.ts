import { describe, expect, it } from 'vitest';
import { SafeHtml, escapeHtml, html, httpUrl } from '../../../workers/dashboard/html.js';

const SCRIPT = '<script>alert(1)</script>';
const ATTR = '"><img src=x onerror=alert(1)>';

describe('html template', () => {
  it('escapes every interpolated string, in text and in attributes', () => {
    const out = html`<td title="${ATTR}">${SCRIPT}</td>`.value;
    expect(out).toBe('<td title="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;">&lt;script&gt;alert(1)&lt;/script&gt;</td>');
    expect(out).not.toContain('<script');
    expect(out).not.toContain('<img');
  });

  it('escapes single quotes, backticks and ampersands, so entities cannot be smuggled', () => {
    expect(escapeHtml(`a'b\`c&lt;`)).toBe('a&#39;b&#96;c&amp;lt;');
  });

  it('keeps nested templates as markup, prints arrays in order and absent values as nothing', () => {
    const rows = ['<b>', 'x'].map((s) => html`<li>${s}</li>`);
    // prettier-ignore
    const out = html`<ul>${rows}</ul>${null}${undefined}${false}${0}`.value;
    expect(out).toBe('<ul><li>&lt;b&gt;</li><li>x</li></ul>0');
  });

  it('cannot be handed markup from outside: only the template makes SafeHtml', () => {
    expect(() => new SafeHtml(Symbol('trusted markup') as never, SCRIPT)).toThrow(TypeError);
  });

  it('does not take a look-alike object for markup', () => {
    const fake = { value: SCRIPT, toString: () => SCRIPT } as unknown as string;
    expect(html`${fake}`.value).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('lets only http(s) URLs through as links', () => {
    expect(httpUrl('https://www.gov.cn/a?b=1')).toBe('https://www.gov.cn/a?b=1');
    expect(httpUrl('javascript:alert(1)')).toBeUndefined();
    expect(httpUrl(' data:text/html,x')).toBeUndefined();
    expect(httpUrl(undefined)).toBeUndefined();
  });
});

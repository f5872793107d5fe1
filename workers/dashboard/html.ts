/**
 * The one way the dashboard builds HTML: the `html` tagged template escapes every
 * interpolated value unless it is already SafeHtml (the result of another `html` template).
 * Text from documents (names, labels, CMS fields, error messages) can therefore only reach a
 * page as text, in element content and in quoted attribute values alike.
 */

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => ESCAPES[c]!);
}

const TRUSTED = Symbol('trusted markup');

/** Markup that is already safe. Only `html` can make one: the key is private to this module. */
export class SafeHtml {
  constructor(
    key: typeof TRUSTED,
    readonly value: string,
  ) {
    if (key !== TRUSTED) throw new TypeError('SafeHtml is made by the html template only');
  }

  toString(): string {
    return this.value;
  }
}

/** What a template accepts: absent values print nothing, arrays print their items in order. */
export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/** html`<td>${label}</td>`: every value escaped, nested templates kept as they are. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += render(v) + (strings[i + 1] ?? '');
  });
  return new SafeHtml(TRUSTED, out);
}

/**
 * A URL from a document, usable as an href only when it is http(s): `javascript:` and
 * `data:` URLs would run in the dashboard's origin.
 */
export function httpUrl(url: string | undefined): string | undefined {
  return url && /^https?:\/\//i.test(url) ? url : undefined;
}

/**
 * The dashboard's stylesheet and script, served as static files so that the
 * Content-Security-Policy allows scripts from 'self' only. The script builds table rows with
 * textContent, never innerHTML, so document text stays text on the client too.
 */

export const DASHBOARD_CSS = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 0; color: #1d232a; }
header { background: #1d3557; color: #fff; padding: 8px 16px; display: flex; gap: 24px; }
header a { color: #fff; text-decoration: none; font-weight: 600; }
header nav a { font-weight: 400; margin-right: 12px; }
main { padding: 12px 16px; }
table { border-collapse: collapse; }
th, td { border-bottom: 1px solid #e3e6ea; padding: 3px 8px; text-align: left; vertical-align: top; }
thead th { background: #f3f5f7; position: sticky; top: 0; }
tr.status-failed td.status, tr.check-fail td.status { color: #b00020; font-weight: 600; }
tr.status-complete td.status { color: #1b7f3b; }
tr.status-partial td.status { color: #a86400; }
tr.check-fail { background: #fdecee; }
tr.flagged { background: #fff4e5; }
td.flag { color: #b00020; font-weight: 700; }
td.keys { font-size: 12px; color: #5b6570; }
td.key { font: 12px/1.4 ui-monospace, monospace; white-space: nowrap; }
td.label { min-width: 14em; }
td.value { text-align: right; font-variant-numeric: tabular-nums; }
tr.hl { background: #ffe08a !important; }
dl.metadata { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; }
dl.metadata dt { color: #5b6570; }
dl.metadata dd { margin: 0; }
.split { display: flex; gap: 16px; align-items: flex-start; }
.split > section { overflow: auto; max-height: calc(100vh - 48px); flex: 1 1 55%; }
.split > section.pages { flex: 1 1 45%; }
figure.page { margin: 0 0 16px; }
/* Without the script the image keeps its natural size, where the boxes' pixel coordinates
   hold; the script sets the SVG's viewBox and adds .fit, and then both scale together. */
.sheet { position: relative; display: inline-block; border: 1px solid #ccd; }
.sheet.fit { display: block; }
.sheet img { display: block; }
.sheet.fit img { width: 100%; height: auto; }
.sheet svg { position: absolute; left: 0; top: 0; width: 100%; height: 100%; }
rect.box { fill: rgba(10, 102, 194, 0.10); stroke: #0a66c2; stroke-width: 1; }
rect.box.flagged { fill: rgba(176, 0, 32, 0.12); stroke: #b00020; }
rect.box.hl { fill: rgba(255, 193, 7, 0.45); stroke: #d48806; stroke-width: 3; }
button.retry { cursor: pointer; }
`;

export const DASHBOARD_JS = `'use strict';
(function () {
  function shownTime(iso) { return iso ? iso.slice(0, 19).replace('T', ' ') + ' UTC' : ''; }
  function pagesShown(d) {
    if (d.pagesTotal === undefined && d.pagesDone === undefined) return '\\u2013';
    return (d.pagesDone === undefined ? 0 : d.pagesDone) + ' / ' + (d.pagesTotal === undefined ? '?' : d.pagesTotal);
  }
  function cell(tr, cls, text) {
    var td = document.createElement('td');
    td.className = cls;
    if (text !== undefined) td.textContent = text;
    tr.appendChild(td);
    return td;
  }
  function row(d) {
    var tr = document.createElement('tr');
    tr.dataset.docId = d.docId;
    tr.className = 'status-' + d.status;
    var a = document.createElement('a');
    a.href = d.links.page;
    a.textContent = d.name || d.docId.slice(0, 12);
    cell(tr, 'name').appendChild(a);
    cell(tr, 'status', d.status);
    cell(tr, 'stage', d.stage || '\\u2013');
    cell(tr, 'pages', pagesShown(d));
    cell(tr, 'error-code', d.errorCode || '');
    cell(tr, 'error-message', d.errorMessage || '');
    var time = document.createElement('time');
    time.dateTime = d.updatedAt;
    time.textContent = shownTime(d.updatedAt);
    cell(tr, 'updated').appendChild(time);
    var actions = cell(tr, 'actions');
    if (d.status === 'failed') {
      var form = document.createElement('form');
      form.method = 'post';
      form.action = d.links.retry;
      form.className = 'retry';
      var button = document.createElement('button');
      button.type = 'submit';
      button.className = 'retry';
      button.textContent = 'Retry';
      form.appendChild(button);
      actions.appendChild(form);
    }
    return tr;
  }

  var tbody = document.getElementById('documents');
  if (tbody) {
    var refreshes = 0;
    var refresh = function () {
      return fetch(tbody.dataset.source || '/api/documents', { headers: { accept: 'application/json' }, credentials: 'same-origin' })
        .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.json(); })
        .then(function (docs) {
          tbody.replaceChildren.apply(tbody, docs.map(row));
          var empty = document.querySelector('p.empty');
          if (empty) empty.hidden = docs.length > 0;
          tbody.dataset.refreshed = String(++refreshes);
        })
        .catch(function () { /* the next poll tries again */ });
    };
    setInterval(refresh, 2000);
    tbody.addEventListener('submit', function (e) {
      var form = e.target;
      if (!(form instanceof HTMLFormElement)) return;
      e.preventDefault();
      var button = form.querySelector('button');
      if (button) button.disabled = true;
      fetch(form.action, { method: 'POST', headers: { accept: 'application/json' }, credentials: 'same-origin' })
        .then(refresh, refresh);
    });
  }

  // Document page: page images scale to their column once their pixel size is known.
  document.querySelectorAll('.sheet').forEach(function (sheet) {
    var img = sheet.querySelector('img');
    var svg = sheet.querySelector('svg');
    if (!img || !svg) return;
    var fit = function () {
      if (!img.naturalWidth) return;
      svg.setAttribute('viewBox', '0 0 ' + img.naturalWidth + ' ' + img.naturalHeight);
      sheet.classList.add('fit');
    };
    if (img.complete) fit(); else img.addEventListener('load', fit);
  });
  // Hovering a fact row highlights its box on the page image (scrolled into the pages
  // column, never the window, so the row stays under the pointer), and back.
  function reveal(box) {
    var pane = box.closest('section');
    if (!pane) return;
    var r = box.getBoundingClientRect();
    var p = pane.getBoundingClientRect();
    if (r.top < p.top || r.bottom > p.bottom) pane.scrollTop += r.top - p.top - p.height / 3;
  }
  function highlight(i, on, fromRow) {
    document.querySelectorAll('[data-fact="' + i + '"]').forEach(function (el) {
      el.classList.toggle('hl', on);
      if (on && fromRow && el.tagName.toLowerCase() === 'rect') reveal(el);
    });
  }
  document.querySelectorAll('tr[data-fact], rect[data-fact]').forEach(function (el) {
    var i = el.getAttribute('data-fact');
    var fromRow = el.tagName.toLowerCase() === 'tr';
    el.addEventListener('mouseenter', function () { highlight(i, true, fromRow); });
    el.addEventListener('mouseleave', function () { highlight(i, false, fromRow); });
  });
})();
`;

// Small DOM helpers. Every piece of data goes in as text (textContent, attribute values),
// never as markup, so that a container or image name cannot inject anything into the page.

const SVG_NS = 'http://www.w3.org/2000/svg';

function build(node, attrs, children) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') node.addEventListener(k.slice(2), v);
    else if (k === 'text') node.textContent = String(v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

/** An HTML element: h('td', {class: 'num'}, 'text', child...). */
export function h(tag, attrs, ...children) {
  return build(document.createElement(tag), attrs, children);
}

/** An SVG element, same shape as h. */
export function s(tag, attrs, ...children) {
  return build(document.createElementNS(SVG_NS, tag), attrs, children);
}

export function clear(node) {
  while (node.firstChild) node.firstChild.remove();
  return node;
}

const UNITS = ['B', 'kB', 'MB', 'GB', 'TB'];

/** Decimal sizes, as docker and dive print them. */
export function bytes(n) {
  if (n === undefined || n === null || isNaN(n)) return '–';
  let v = Number(n), u = 0;
  while (v >= 1000 && u < UNITS.length - 1) { v /= 1000; u++; }
  return (u === 0 ? String(v) : v.toFixed(v < 10 ? 1 : 0)) + ' ' + UNITS[u];
}

export function shortId(id) {
  if (!id) return '';
  const hex = String(id).replace(/^sha256:/, '');
  return hex.slice(0, 12);
}

export function ago(iso) {
  if (!iso) return '';
  const t = Date.parse(iso);
  if (isNaN(t)) return String(iso);
  const s = Math.max(0, Math.round((Date.now() - t) / 1000));
  if (s < 60) return s + 's ago';
  if (s < 3600) return Math.round(s / 60) + 'm ago';
  if (s < 86400) return Math.round(s / 3600) + 'h ago';
  return Math.round(s / 86400) + 'd ago';
}

/** The first of these fields that the object has: field names of endpoints still being written vary. */
export function pick(obj, ...names) {
  if (!obj || typeof obj !== 'object') return undefined;
  for (const n of names) {
    if (obj[n] !== undefined && obj[n] !== null) return obj[n];
  }
  return undefined;
}

export function isScalar(v) {
  return v === null || ['string', 'number', 'boolean'].includes(typeof v);
}

/** A table of rows of objects; columns are [label, row => value or Node] or field names. */
export function table(rows, columns, attrs) {
  const cols = columns || inferColumns(rows);
  return h('table', Object.assign({class: 'grid'}, attrs || {}),
    h('thead', {}, h('tr', {}, cols.map(c => h('th', {}, Array.isArray(c) ? c[0] : c)))),
    h('tbody', {}, rows.map(r => h('tr', {}, cols.map(c => {
      const v = Array.isArray(c) ? c[1](r) : r[c];
      if (Array.isArray(v) && v.flat(Infinity).some(x => x instanceof Node)) return h('td', {}, v);
      return h('td', {}, v instanceof Node ? v : format(v));
    })))));
}

/** Scalar fields of the rows, in the order first seen, at most eight: for shapes not known in advance. */
export function inferColumns(rows, max = 8) {
  const cols = [];
  for (const r of rows) {
    for (const [k, v] of Object.entries(r || {})) {
      if (isScalar(v) && !cols.includes(k)) cols.push(k);
    }
  }
  return cols.slice(0, max);
}

export function format(v) {
  if (v === undefined || v === null) return '';
  if (typeof v === 'number' && !Number.isInteger(v)) return v.toFixed(3);
  if (Array.isArray(v)) return v.map(x => isScalar(x) ? String(x) : JSON.stringify(x)).join(', ');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** Key/value pairs as a definition list; values may be nodes. */
export function facts(pairs) {
  return h('dl', {class: 'facts'}, pairs.filter(p => p[1] !== undefined && p[1] !== null && p[1] !== '')
    .map(([k, v]) => [h('dt', {}, k), h('dd', {}, v instanceof Node ? v : format(v))]));
}

export function badge(text, kind) {
  return h('span', {class: 'badge ' + (kind || String(text || '').toLowerCase())}, text);
}

export function section(title, ...body) {
  return h('section', {class: 'card'}, h('h2', {}, title), ...body);
}

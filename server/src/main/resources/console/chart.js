// Line charts and the traffic-split bar, drawn as SVG from plain numbers.
import {s, h} from './dom.js';

const PALETTE = ['#2563eb', '#ea580c', '#16a34a', '#9333ea', '#db2777', '#0891b2'];
const colors = new Map();

/** The same version gets the same colour on every chart: stable blue, the new one orange. */
export function colorOf(name) {
  const version = String(name).replace(/ \(r\d+\)$/, ''); // "canary (r3)" on the bar is "canary" on the charts
  if (!colors.has(version)) {
    const preferred = /stable|blue|v1$/.test(version) ? PALETTE[0] : /canary|green|preview|shadow|new/.test(version) ? PALETTE[1] : null;
    colors.set(version, preferred && ![...colors.values()].includes(preferred) ? preferred
      : PALETTE.find(c => ![...colors.values()].includes(c)) || PALETTE[colors.size % PALETTE.length]);
  }
  return colors.get(version);
}

const W = 420, H = 170, L = 44, R = 10, T = 24, B = 22;

/** series: [{name, points: [[timeMillis, value], ...]}]; the x axis is the last windowMs. */
export function lineChart(title, unit, series, windowMs = 120000) {
  const now = Date.now();
  const all = series.flatMap(x => x.points.map(p => p[1])).filter(v => isFinite(v));
  const max = niceMax(Math.max(0, ...all));
  const x = t => L + (W - L - R) * (1 - (now - t) / windowMs);
  const y = v => T + (H - T - B) * (1 - v / max);
  const svg = s('svg', {viewBox: `0 0 ${W} ${H}`, class: 'chart', 'data-title': title});
  svg.append(s('text', {x: L, y: 15, class: 'chart-title'}, title + (unit ? ' (' + unit + ')' : '')));
  for (let i = 0; i <= 4; i++) {
    const v = max * i / 4;
    svg.append(s('line', {x1: L, x2: W - R, y1: y(v), y2: y(v), class: 'gridline'}),
      s('text', {x: L - 6, y: y(v) + 4, class: 'tick', 'text-anchor': 'end'}, short(v)));
  }
  svg.append(s('text', {x: L, y: H - 6, class: 'tick'}, '−' + Math.round(windowMs / 1000) + 's'),
    s('text', {x: W - R, y: H - 6, class: 'tick', 'text-anchor': 'end'}, 'now'));
  for (const ser of series) {
    const pts = ser.points.filter(p => now - p[0] <= windowMs && isFinite(p[1]));
    if (pts.length === 0) continue;
    svg.append(s('polyline', {class: 'series', 'data-version': ser.name, stroke: colorOf(ser.name),
      points: pts.map(p => x(p[0]).toFixed(1) + ',' + y(p[1]).toFixed(1)).join(' ')}));
    const last = pts[pts.length - 1];
    svg.append(s('circle', {cx: x(last[0]), cy: y(last[1]), r: 3, fill: colorOf(ser.name)}));
  }
  if (all.length === 0) svg.append(s('text', {x: W / 2, y: H / 2, class: 'muted', 'text-anchor': 'middle'}, 'waiting for data…'));
  return svg;
}

/** weights: [{name, percent}] adding up to 100 (a version at 0 % still gets its legend entry). */
export function weightsBar(weights) {
  const bar = h('div', {class: 'weights', id: 'weights'});
  const strip = h('div', {class: 'weights-strip'});
  for (const w of weights) {
    const seg = h('div', {class: 'weight', 'data-version': w.name, 'data-percent': String(w.percent),
      title: w.name + ': ' + w.percent + ' %'}, w.percent >= 8 ? w.name + ' ' + fmtPercent(w.percent) : '');
    seg.style.width = w.percent + '%';
    seg.style.background = colorOf(w.name);
    strip.append(seg);
  }
  bar.append(strip, h('div', {class: 'weights-legend'}, weights.map(w => {
    const dot = h('span', {class: 'dot'});
    dot.style.background = colorOf(w.name);
    return h('span', {}, dot, w.name + ' ' + fmtPercent(w.percent));
  })));
  return bar;
}

function fmtPercent(p) {
  return (Number.isInteger(p) ? p : p.toFixed(1)) + ' %';
}

function niceMax(v) {
  if (v <= 0) return 1;
  const p = Math.pow(10, Math.floor(Math.log10(v)));
  for (const m of [1, 2, 2.5, 5, 10]) if (v <= m * p) return m * p;
  return 10 * p;
}

function short(v) {
  if (v >= 1000) return (v / 1000).toFixed(v >= 10000 ? 0 : 1) + 'k';
  return Number.isInteger(v) ? String(v) : v.toFixed(v < 1 ? 2 : 1);
}

// Images, and one image's layer stack drawn as the seed's union figure: the read-only lower
// layers stacked bottom up, a container's writable upper layer on them, and the merged view
// a container sees on top (A + B: an upper file hides the same path below). Sizes and wasted
// space come from /v1/images/analyze (dive's measures); without it, from the manifest.
import {h, s, table, bytes, shortId, ago, section, facts} from './dom.js';
import {get, optional, q} from './api.js';

export async function render(root, args) {
  if (args[0]) return detail(root, args[0]);
  root.append(h('h1', {}, 'Images'));
  const images = await get('/v1/images');
  if (images.length === 0) return root.append(h('p', {class: 'empty'}, 'No images: legends image bootstrap, or build one'));
  root.append(table(images, [
    ['Repository', i => h('a', {href: '#/images/' + q(i.id), class: 'image-link'}, i.repository || '<none>')],
    ['Tag', i => i.tag || '<none>'],
    ['Image ID', i => shortId(i.id)],
    ['Created', i => ago(i.created)],
    ['Size', i => bytes(i.size)],
  ], {id: 'images'}));
}

function digest(d) {
  if (!d) return '';
  if (typeof d === 'string') return d;
  return d.hex ? 'sha256:' + d.hex : String(d);
}

async function detail(root, id) {
  const [inspect, analysis, history] = await Promise.all([
    get('/v1/images/inspect?name=' + q(id)),
    optional('/v1/images/analyze?name=' + q(id)).catch(() => undefined),
    optional('/v1/images/history?name=' + q(id)).catch(() => undefined),
  ]);
  const title = (inspect.RepoTags && inspect.RepoTags[0]) || shortId(inspect.Id);
  root.append(h('p', {class: 'crumbs'}, h('a', {href: '#/images'}, 'Images'), ' / ', title));
  root.append(h('h1', {}, title));
  const layers = layerRows(inspect, analysis, history);
  const summary = [['ID', shortId(inspect.Id)], ['Created', inspect.Created], ['Platform', (inspect.Os || '') + '/' + (inspect.Architecture || '')],
    ['Size', bytes(inspect.Size)], ['Layers', String(layers.length)]];
  if (analysis) {
    summary.push(['Efficiency', (analysis.efficiency * 100).toFixed(2) + ' %'],
      ['Wasted', bytes(analysis.wastedBytes) + ' (' + (analysis.wastedUserPercent * 100).toFixed(1) + ' % of the layers above the base)']);
  }
  root.append(h('div', {class: 'cols'},
    section('Layer stack', unionFigure(layers, analysis)),
    section('Summary', facts(summary), analysis ? h('p', {class: 'cause'}, analysis.cause) : h('p', {class: 'muted'}, 'Image analysis is not available on this daemon.'))));
  root.append(section('Layers', table(layers, [
    ['#', l => String(l.number)], ['Digest', l => shortId(l.digest)], ['Content', l => bytes(l.content)],
    ['Blob', l => bytes(l.blob)], ['Wasted here', l => l.wasted ? bytes(l.wasted) : ''], ['Created by', l => l.createdBy ? trim(l.createdBy, 120) : ''],
  ], {id: 'layers'})));
  root.append(section('Merged view', h('p', {class: 'muted small'},
    'What a container of this image sees: each path comes from the highest layer that has it (A + B, B on top).'), await files(id, '/')));
  if (analysis && analysis.waste.length) {
    root.append(section('Wasted space', table(analysis.waste.slice(0, 20), [
      ['Path', w => w.path], ['Size', w => bytes(w.size)],
      ['Layers', w => w.occurrences.map(o => (o.deletion ? 'deleted in ' : 'in ') + o.layer).join(', ')],
    ])));
  }
}

/** One row per filesystem layer, bottom first, with waste attributed to the layers that hold it. */
function layerRows(inspect, analysis, history) {
  if (analysis && Array.isArray(analysis.layers) && analysis.layers.length) {
    const wasted = new Map();
    for (const w of analysis.waste || []) {
      for (const o of w.occurrences || []) wasted.set(o.layer, (wasted.get(o.layer) || 0) + (o.size || 0));
    }
    return analysis.layers.map(l => ({number: l.number, digest: digest(l.digest), content: l.contentSize, blob: l.blobSize,
      createdBy: l.createdBy, wasted: wasted.get(l.number) || 0}));
  }
  const steps = (history || []).filter(r => !r.emptyLayer).reverse();
  return (inspect.Layers || []).map((l, i) => ({number: i + 1, digest: digest(l.digest), content: l.size, blob: l.size,
    createdBy: steps[i] && steps[i].createdBy, wasted: 0}));
}

const W = 640, BOX = 30, GAP = 6, LEFT = 150;

function unionFigure(layers, analysis) {
  const n = layers.length;
  const height = (n + 2) * (BOX + GAP) + 40;
  const max = Math.max(1, ...layers.map(l => l.content || 0));
  const svg = s('svg', {viewBox: `0 0 ${W} ${height}`, class: 'union', role: 'img',
    'aria-label': n + ' layers, a writable upper layer and the merged view'});
  const y = row => 10 + row * (BOX + GAP);
  // top: the merged view
  svg.append(s('g', {class: 'merged'},
    s('rect', {x: LEFT, y: y(0), width: W - LEFT - 10, height: BOX, rx: 4}),
    s('text', {x: LEFT + 10, y: y(0) + 20}, 'merged view: what a container sees (overlay mount)')));
  svg.append(s('g', {class: 'upper'},
    s('rect', {x: LEFT, y: y(1), width: W - LEFT - 10, height: BOX, rx: 4}),
    s('text', {x: LEFT + 10, y: y(1) + 20}, 'upper: the container\'s writable layer (copy-up, whiteouts)')));
  svg.append(s('text', {x: 8, y: y(0) + 20, class: 'side'}, 'merged'));
  svg.append(s('text', {x: 8, y: y(1) + 20, class: 'side'}, 'upperdir (rw)'));
  // the image's layers, the last one just under the upper layer, the first at the bottom
  layers.slice().reverse().forEach((l, i) => {
    const top = y(2 + i);
    const inner = W - LEFT - 10;
    const fill = Math.max(3, Math.round(inner * (l.content || 0) / max));
    const waste = l.wasted ? Math.max(2, Math.round(fill * Math.min(1, l.wasted / Math.max(1, l.content || 1)))) : 0;
    const label = 'L' + l.number + '  ' + bytes(l.content) + (l.createdBy ? '  ' + trim(l.createdBy, 48) : '');
    svg.append(s('g', {class: 'layer-box', 'data-layer': l.number, 'data-digest': l.digest},
      s('title', {}, 'layer ' + l.number + ' ' + l.digest + '\n' + bytes(l.content) + ' unpacked, ' + bytes(l.blob) + ' compressed'
        + (l.wasted ? '\n' + bytes(l.wasted) + ' of wasted space' : '') + (l.createdBy ? '\n' + l.createdBy : '')),
      s('rect', {x: LEFT, y: top, width: inner, height: BOX, rx: 4, class: 'frame'}),
      s('rect', {x: LEFT, y: top, width: fill, height: BOX, rx: 4, class: 'size'}),
      waste ? s('rect', {x: LEFT + fill - waste, y: top, width: waste, height: BOX, class: 'waste'}) : null,
      s('text', {x: LEFT + 10, y: top + 20}, label)));
  });
  const lowTop = y(2), lowBottom = y(2 + n) - GAP;
  svg.append(s('path', {d: `M${LEFT - 12} ${lowTop} h-6 V${lowBottom} h6`, class: 'bracket'}));
  svg.append(s('text', {x: 8, y: (lowTop + lowBottom) / 2, class: 'side'}, 'lowerdir (ro)'));
  svg.append(s('text', {x: 8, y: (lowTop + lowBottom) / 2 + 16, class: 'side muted'}, n + ' image layers'));
  const legendY = y(2 + n) + 16;
  svg.append(s('g', {class: 'legend'},
    s('rect', {x: LEFT, y: legendY - 10, width: 12, height: 12, class: 'size'}),
    s('text', {x: LEFT + 18, y: legendY}, 'size (bar scaled to the largest layer)'),
    analysis ? s('rect', {x: LEFT + 290, y: legendY - 10, width: 12, height: 12, class: 'waste'}) : null,
    analysis ? s('text', {x: LEFT + 308, y: legendY}, 'wasted: ' + bytes(analysis.wastedBytes)) : null));
  return svg;
}

function trim(text, n) {
  const t = String(text).replace(/^\/bin\/sh -c (#\(nop\) )?/, '').trim();
  return t.length > n ? t.slice(0, n - 1) + '…' : t;
}

/** One directory of the merged view, with the layer each entry comes from; directories open in place. */
async function files(id, path) {
  const box = h('div', {class: 'files', id: 'files'});
  async function show(dir) {
    let rows;
    try {
      rows = await get('/v1/images/files?name=' + q(id) + '&path=' + q(dir));
    } catch (e) {
      box.replaceChildren(h('p', {class: 'muted'}, e.message));
      return;
    }
    const up = dir === '/' ? null : dir.replace(/\/[^/]+\/?$/, '') || '/';
    box.replaceChildren(h('p', {class: 'path'}, h('code', {}, dir), up ? [' ', h('a', {href: '', onclick: ev => { ev.preventDefault(); show(up); }}, '↑ up')] : null),
      table(rows.slice(0, 200), [
        ['Path', f => f.type === 'directory'
          ? h('a', {href: '', onclick: ev => { ev.preventDefault(); show('/' + f.path.replace(/^\//, '')); }}, f.path.split('/').pop() + '/')
          : f.path.split('/').pop() + (f.linkTarget ? ' → ' + f.linkTarget : '')],
        ['Type', f => f.type], ['Size', f => f.type === 'directory' ? '' : bytes(f.size)], ['Mode', f => f.mode],
        ['From', f => h('span', {class: 'from-layer', 'data-layer': f.layer}, 'L' + f.layer)],
      ]));
  }
  await show(path);
  return box;
}

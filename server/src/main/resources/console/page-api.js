// The API reference, drawn from /v1/openapi.json (itself made from the daemon's routes).
import {h, section} from './dom.js';
import {get} from './api.js';

export async function render(root) {
  const doc = await get('/v1/openapi.json');
  root.append(h('h1', {}, doc.info.title, ' ', h('span', {class: 'muted small'}, doc.info.version)),
    h('p', {class: 'muted'}, doc.info.description, ' ', h('a', {href: '/v1/openapi.json', target: '_blank'}, 'openapi.json')));
  const byTag = new Map();
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const tag = (op.tags || ['other'])[0];
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag).push({path, method, op});
    }
  }
  const wrap = h('div', {id: 'reference'});
  for (const [tag, ops] of [...byTag.entries()].sort()) {
    wrap.append(section(tag, h('table', {class: 'grid api'}, h('tbody', {}, ops.map(({path, method, op}) =>
      h('tr', {class: 'operation', 'data-op': method.toUpperCase() + ' ' + path},
        h('td', {}, h('span', {class: 'method ' + method}, method.toUpperCase())),
        h('td', {}, h('code', {}, path)),
        h('td', {}, op.summary,
          (op.parameters || []).filter(p => p.in === 'query').length
            ? h('div', {class: 'muted small'}, 'query: ' + op.parameters.filter(p => p.in === 'query').map(p => p.name).join(', ')) : null,
          op.responses && op.responses['200'] && op.responses['200'].content && op.responses['200'].content['text/event-stream']
            ? h('div', {class: 'muted small'}, 'Server-Sent Events') : null)))))));
  }
  root.append(wrap, h('p', {class: 'muted'}, 'Every error answer is JSON {"code": "NOT_FOUND", "message": "one line"}; the HTTP status follows the code.'));
}

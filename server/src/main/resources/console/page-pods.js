// Pods with their IPs, host PIDs and namespaces: which namespaces the pause container holds and
// which each member shares (from /v1/pods/{id} and /v1/containers/{id}, the seed's pod figure).
import {h, table, badge, section, shortId, ago, pick} from './dom.js';
import {get, optional, q} from './api.js';

const NS_ORDER = ['net', 'ipc', 'uts', 'pid', 'mnt', 'cgroup', 'user', 'time'];

export async function render(root) {
  root.append(h('h1', {}, 'Pods'));
  const [pods, containers] = await Promise.all([get('/v1/pods'), get('/v1/containers?all=1')]);
  if (pods.length === 0) root.append(h('p', {class: 'empty'}, 'No pods: legends pod create NAME'));
  const details = await Promise.all(pods.map(p => get('/v1/pods/' + q(p.id)).catch(() => null)));
  const inspects = new Map();
  await Promise.all(containers.map(async c => {
    inspects.set(c.id, await get('/v1/containers/' + q(c.id)).catch(() => null));
  }));
  const wrap = h('div', {id: 'pods'});
  pods.forEach((p, i) => wrap.append(podCard(p, details[i], containers, inspects)));
  root.append(wrap);
  const loose = containers.filter(c => !c.podId);
  if (loose.length) {
    root.append(section('Containers outside pods', containerTable(loose, inspects)));
  }
}

/** "10.88.0.5 (legends)" per attachment, from the inspect answer, else the row's plain addresses. */
function addressText(row, inspect) {
  const attached = (inspect && (inspect.Networks || (inspect.NetworkSettings && inspect.NetworkSettings.Networks))) || [];
  if (attached.length) return attached.map(a => String(a.address || '').split('/')[0] + ' (' + a.network + ')').join(', ');
  return (row.addresses || []).map(a => String(a).split('/')[0]).join(', ');
}

function podCard(p, detail, containers, inspects) {
  const addresses = addressText(p, detail);
  const members = containers.filter(c => c.podId === p.id || c.id === p.pauseId)
    .sort((a, b) => (b.id === p.pauseId) - (a.id === p.pauseId));
  const shared = detail && detail.SharedNamespaces || [];
  return h('section', {class: 'card pod', 'data-pod': p.name},
    h('h2', {}, p.name, ' ', badge(p.state)),
    h('div', {class: 'pod-facts'},
      h('span', {}, 'IP ', h('b', {class: 'ip'}, addresses || '—')),
      h('span', {}, 'hostname ', h('b', {}, p.hostname || '—')),
      h('span', {}, 'pause PID ', h('b', {}, detail && detail.PauseContainer ? String(detail.PauseContainer.Pid || '—') : '—')),
      h('span', {}, 'created ', ago(p.created)),
      h('span', {class: 'muted'}, shortId(p.id))),
    shared.length ? h('p', {class: 'muted small'}, 'Held by the pause container and shared: ',
      shared.map(n => h('span', {class: 'ns shared'}, n.Type + ':' + n.Inode))) : null,
    containerTable(members, inspects, p.pauseId));
}

/** One row per container: host PID and, per namespace type, its inode (shared ones marked). */
function containerTable(list, inspects, pauseId) {
  const types = new Set();
  for (const c of list) for (const n of (inspects.get(c.id) || {}).Namespaces || []) types.add(n.Type);
  const cols = NS_ORDER.filter(t => types.has(t)).concat([...types].filter(t => !NS_ORDER.includes(t)));
  return h('table', {class: 'grid containers'},
    h('thead', {}, h('tr', {}, ['Container', 'State', 'Host PID', 'IP', 'Image', ...cols].map(t => h('th', {}, t)))),
    h('tbody', {}, list.map(c => {
      const d = inspects.get(c.id) || {};
      const byType = new Map((d.Namespaces || []).map(n => [n.Type, n]));
      const pid = pick(d.Host || {}, 'Pid') || c.pid;
      return h('tr', {'data-container': c.name},
        h('td', {}, c.id === pauseId ? [c.name, ' ', badge('pause', 'pause')] : c.name),
        h('td', {}, badge(c.state)),
        h('td', {class: 'num pid'}, pid ? String(pid) : '—'),
        h('td', {class: 'ip'}, c.podId && c.id !== pauseId ? 'pod\'s' : addressText(c, d) || '—'),
        h('td', {class: 'muted'}, c.image || ''),
        cols.map(t => {
          const n = byType.get(t);
          if (!n) return h('td', {}, '');
          const how = n.SharedWithHost ? 'host' : n.SharedWithPause ? 'pause' : 'own';
          return h('td', {class: 'ns ' + how, title: how === 'own' ? 'its own namespace' : 'shared with the ' + how}, String(n.Inode));
        }));
    })));
}

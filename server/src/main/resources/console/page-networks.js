// Networks drawn as the seed's topology: the bridge on the host, one veth pair per pod (host
// end on the bridge, eth0 inside the pod's namespace) and the addresses IPAM leased.
import {h, s, table, facts, pick, ago} from './dom.js';
import {loadNetworks, ipOf} from './netdata.js';
import {notAvailable} from './app.js';

export async function render(root) {
  root.append(h('h1', {}, 'Networks'));
  const networks = await loadNetworks();
  if (networks === undefined) return root.append(notAvailable('Networks (/v1/networks)'));
  if (networks.length === 0) return root.append(h('p', {class: 'empty'}, 'No networks yet'));
  for (const n of networks) {
    const i = n.info;
    root.append(h('section', {class: 'card network', 'data-network': n.name},
      h('h2', {}, n.name, ' ', h('span', {class: 'muted small'}, pick(i, 'subnet') || '')),
      facts([['Bridge', pick(i, 'bridge')], ['Subnet', pick(i, 'subnet')], ['Gateway', pick(i, 'gateway')],
        ['Range', pick(i, 'rangeStart') ? i.rangeStart + ' – ' + i.rangeEnd : undefined], ['IPAM', pick(i, 'ipam')],
        ['Created', pick(i, 'created') ? ago(i.created) : undefined]]),
      topology(n),
      n.leases.length ? h('details', {}, h('summary', {}, n.leases.length + (n.leases.length === 1 ? ' lease' : ' leases')), table(n.leases, [
        ['Address', l => ipOf(l)], ['Owner', l => ownerName(n, l) || '—'], ['Sticky for', l => pick(l, 'identity') || ''],
        ['Since', l => pick(l, 'since') ? ago(l.since) : '']])) : null));
  }
}

/** A lease names its owner by id; the attachment with the same address knows the pod's name. */
function ownerName(n, lease) {
  const a = n.attachments.find(x => ipOf(x) === ipOf(lease));
  return a ? a.label : pick(lease, 'owner');
}

const W = 860, POD_W = 150, POD_H = 64, COLS = 5;

/** Bridge on top; under it one column per attached pod, joined by its veth pair. */
function topology(n) {
  const info = n.info;
  const bridge = pick(info, 'bridge') || 'bridge';
  // Attachments are the truth about veths; a lease with no attachment is drawn as an address only.
  const ends = n.attachments.map(a => ({owner: pick(a, 'label', 'owner') || '?', kind: a.kind, names: a.names || [], ip: ipOf(a),
    mac: pick(a, 'mac'), hostVeth: pick(a, 'hostVeth', 'veth', 'hostInterface'), ifname: pick(a, 'ifname', 'interface') || 'eth0'}));
  for (const l of n.leases) {
    if (!ends.some(e => e.ip === ipOf(l))) ends.push({owner: l.owner ? String(l.owner).slice(0, 12) : (l.identity ? 'kept for ' + l.identity : 'free'), names: [],
      ip: ipOf(l), leaseOnly: true, sticky: !!l.identity});
  }
  const rows = Math.max(1, Math.ceil(ends.length / COLS));
  const height = 120 + (rows - 1) * (POD_H + 90) + POD_H + 24;
  const svg = s('svg', {viewBox: `0 0 ${W} ${height}`, class: 'topology', role: 'img',
    'aria-label': 'bridge ' + bridge + ' with ' + ends.length + ' endpoints'});
  svg.append(s('rect', {x: 4, y: 4, width: W - 8, height: height - 8, rx: 8, class: 'host'}));
  svg.append(s('text', {x: 16, y: 24, class: 'host-label'}, 'host network namespace'));
  svg.append(s('g', {class: 'bridge'},
    s('rect', {x: 40, y: 40, width: W - 80, height: 34, rx: 6}),
    s('text', {x: 54, y: 62}, bridge + '  ·  ' + (pick(info, 'gateway') || '') + '  ·  ' + (pick(info, 'subnet') || ''))));
  if (ends.length === 0) {
    svg.append(s('text', {x: 54, y: 110, class: 'muted'}, 'no pod is attached'));
  }
  const step = (W - 80) / COLS;
  ends.forEach((e, i) => {
    const col = i % COLS, row = Math.floor(i / COLS);
    const cx = 40 + step * col + step / 2;
    const top = 120 + row * (POD_H + 90);
    const podX = cx - POD_W / 2;
    const g = s('g', {class: 'endpoint' + (e.leaseOnly ? ' lease-only' : ''), 'data-owner': e.owner, 'data-ip': e.ip});
    if (!e.leaseOnly) {
      // the veth pair: host end on the bridge, container end inside the pod
      g.append(s('line', {x1: cx, y1: 74, x2: cx, y2: top, class: 'veth'}),
        s('circle', {cx, cy: 84, r: 4, class: 'veth-end'}),
        s('text', {x: cx + 8, y: 90, class: 'veth-label'}, e.hostVeth || 'veth'),
        s('circle', {cx, cy: top - 4, r: 4, class: 'veth-end'}),
        s('text', {x: cx + 8, y: top - 8, class: 'veth-label'}, e.ifname));
    }
    g.append(s('rect', {x: podX, y: top, width: POD_W, height: POD_H, rx: 6, class: 'pod'}),
      s('title', {}, e.owner + (e.mac ? '\nMAC ' + e.mac : '') + (e.names.length ? '\nnames: ' + e.names.join(', ') : '')),
      s('text', {x: podX + 8, y: top + 20, class: 'pod-name'}, label(e)),
      s('text', {x: podX + 8, y: top + 40, class: 'pod-ip'}, e.ip || 'no address'),
      s('text', {x: podX + 8, y: top + 56, class: 'muted small'}, e.leaseOnly ? (e.sticky ? 'sticky lease' : 'lease, no veth') : (e.kind || '') + ' ' + (e.mac || '')));
    svg.append(g);
  });
  return svg;
}

function label(e) {
  const name = e.owner;
  return name.length > 18 ? name.slice(0, 17) + '…' : name;
}

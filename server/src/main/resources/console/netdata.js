// Networks as the pages need them: each network (/v1/networks) with its leases
// (/v1/networks/{name}/ipam) and the attachments (veth pairs) that pods and containers report in
// their inspect answers (pods: Networks; containers: NetworkSettings.Networks).
import {pick} from './dom.js';
import {get, optional, q} from './api.js';

/** undefined when this daemon has no networks API. */
export async function loadNetworks() {
  const list = await optional('/v1/networks');
  if (list === undefined) return undefined;
  const nets = Array.isArray(list) ? list : (list.networks || list.items || []);
  const attachments = await loadAttachments();
  return Promise.all(nets.map(async n => {
    const name = pick(n, 'name', 'Name');
    const ipam = await optional('/v1/networks/' + q(name) + '/ipam').catch(() => undefined);
    const leases = Array.isArray(ipam) ? ipam : (ipam && (ipam.leases || ipam.items)) || [];
    return {name, info: n, attachments: attachments.filter(a => a.network === name), leases};
  }));
}

/** Every attachment of every pod and standalone container, labelled with its owner's name. */
async function loadAttachments() {
  const [pods, containers] = await Promise.all([get('/v1/pods').catch(() => []), get('/v1/containers?all=1').catch(() => [])]);
  const out = [];
  await Promise.all([
    ...pods.map(async p => {
      const d = await get('/v1/pods/' + q(p.id)).catch(() => null);
      for (const a of (d && d.Networks) || []) out.push(Object.assign({label: p.name, kind: 'pod'}, a));
    }),
    ...containers.filter(c => !c.podId).map(async c => {
      const d = await get('/v1/containers/' + q(c.id)).catch(() => null);
      for (const a of (d && d.NetworkSettings && d.NetworkSettings.Networks) || []) out.push(Object.assign({label: c.name, kind: 'container'}, a));
    }),
  ]);
  return out;
}

export function ipOf(a) {
  const addr = pick(a, 'ip', 'address', 'ipAddress', 'IPAddress') || '';
  return String(addr).split('/')[0];
}

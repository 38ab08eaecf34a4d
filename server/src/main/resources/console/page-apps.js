// Apps and their revisions: /v1/apps (AppRow), /v1/apps/{name}/describe (app, revisions,
// instances, events) and /v1/apps/{name}/history (revisions).
import {h, table, facts, pick, badge, section, ago, shortId} from './dom.js';
import {get, optional, q} from './api.js';
import {notAvailable} from './app.js';

export async function render(root, args) {
  if (args[0]) return detail(root, args[0]);
  root.append(h('h1', {}, 'Apps'));
  const list = await optional('/v1/apps');
  if (list === undefined) return root.append(notAvailable('Apps (/v1/apps)'));
  const rows = Array.isArray(list) ? list : [];
  if (rows.length === 0) return root.append(h('p', {class: 'empty'}, 'No apps yet: legends app apply -f app.yaml'));
  root.append(table(rows, [
    ['Name', a => h('a', {href: '#/apps/' + q(a.name), class: 'app-link'}, a.name)],
    ['Image', a => a.image],
    ['Ready', a => readiness(a)],
    ['Revision', a => revisionText(a)],
    ['Route', a => a.host || a.path ? (a.host || '*') + (a.path || '/') : ''],
    ['Autoscaled', a => a.autoscaled ? 'yes' : ''],
    ['Created', a => ago(a.created)],
    ['Release', a => h('a', {href: '#/releases/' + q(a.name)}, 'watch')],
  ], {id: 'apps'}));
}

function readiness(a) {
  const text = (a.ready ?? '?') + '/' + (a.replicas ?? '?');
  return badge(text, a.ready >= a.replicas ? 'ready' : 'pending');
}

function revisionText(a) {
  if (a.latestRevision === undefined) return pick(a, 'revision') ?? '';
  return a.latestRevision === a.stableRevision ? String(a.latestRevision)
    : a.stableRevision + ' (stable) → ' + a.latestRevision;
}

async function detail(root, app) {
  root.append(h('p', {class: 'crumbs'}, h('a', {href: '#/apps'}, 'Apps'), ' / ', app));
  root.append(h('h1', {}, app, ' ', h('a', {class: 'small', href: '#/releases/' + q(app)}, 'release →')));
  const [describe, history] = await Promise.all([
    optional('/v1/apps/' + q(app) + '/describe'),
    optional('/v1/apps/' + q(app) + '/history').catch(() => undefined),
  ]);
  const info = describe ? describe.app : await optional('/v1/apps/' + q(app));
  if (info === undefined) return root.append(notAvailable('Apps (/v1/apps/{name})'));
  root.append(section('Overview', facts([
    ['Image', info.image], ['Ready', readiness(info)], ['Revision', revisionText(info)],
    ['Route', info.host || info.path ? (info.host || '*') + (info.path || '/') : undefined],
    ['Autoscaled', info.autoscaled ? 'yes' : 'no'], ['Created', info.created],
    ['Strategy', strategyName(describe && describe.manifest)],
  ])));
  const instances = (describe && describe.instances) || [];
  root.append(section('Instances', instances.length === 0 ? h('p', {class: 'empty'}, 'No instances') : table(instances, [
    ['Instance', o => o.instance && o.instance.name],
    ['Revision', o => o.instance && String(o.instance.revision)],
    ['Phase', o => badge(o.instance ? String(o.instance.phase).toLowerCase() : '?')],
    ['Ready', o => o.instance && o.instance.ready ? 'yes' : 'no'],
    ['Endpoint', o => o.instance && o.instance.address ? o.instance.address + ':' + o.instance.port : ''],
    ['Pod', o => o.podId ? h('a', {href: '#/pods'}, shortId(o.podId)) : ''],
    ['Restarts', o => o.instance ? String(o.instance.restarts) : ''],
    ['Message', o => o.message || ''],
  ], {id: 'instances'})));
  const revisions = history || (describe && describe.revisions);
  if (revisions === undefined) root.append(section('Revisions', notAvailable('Revision history (/v1/apps/{name}/history)')));
  else root.append(section('Revisions', revisions.length === 0 ? h('p', {class: 'empty'}, 'No revisions') : table(revisions, [
    ['Revision', r => [String(r.revision), r.stable ? [' ', badge('stable', 'ready')] : null]],
    ['Image', r => r.image],
    ['Cause', r => r.changeCause || ''],
    ['Created', r => r.created ? ago(r.created) : ''],
    ['Desired', r => r.desired === undefined ? '' : String(r.desired)],
    ['Template', r => r.templateHash || ''],
  ], {id: 'revisions'})));
  const events = (describe && describe.events) || [];
  if (events.length) {
    root.append(section('Events', table(events.slice(-15).reverse(), [
      ['When', e => ago(e.time)], ['Kind', e => e.kind], ['Object', e => e.object], ['Message', e => e.message]])));
  }
}

/** spec.strategy is {type: canary, ...} or {canary: {...}}, as Argo Rollouts writes it. */
function strategyName(manifest) {
  const st = manifest && manifest.strategy;
  if (!st || typeof st !== 'object') return undefined;
  return pick(st, 'type', 'name') || Object.keys(st)[0];
}

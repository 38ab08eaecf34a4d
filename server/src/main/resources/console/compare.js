// The strategy comparison table, the seed's table measured on real runs: one row per release
// report (/v1/releases/{app}/report?revision=N for each entry of /v1/releases/{app}/history):
// how long it took, downtime, extra instances (the cost of the strategy), rollback time, and
// what users saw (requests and errors on the new revision, p99 against stable).
import {h, section, badge} from './dom.js';
import {optional, get, q} from './api.js';
import {notAvailable} from './app.js';

const MAX_PER_APP = 12;

const COLUMNS = [
  ['Strategy', r => r.strategy + (r.undo ? ' (undo)' : '')],
  ['App', r => r.app],
  ['Revision', r => 'r' + r.stableRevision + ' → r' + r.revision],
  ['Outcome', r => badge(String(r.phase || '?').toLowerCase())],
  ['Duration', r => seconds(r.durationMillis)],
  ['Downtime', r => seconds(r.downtimeMillis)],
  ['Peak extra instances', r => num(r.peakExtraInstances)],
  ['Extra instance·s', r => num(r.extraInstanceSeconds)],
  ['Rollback', r => r.rollbackMillis === undefined || r.rollbackMillis === null ? '–' : seconds(r.rollbackMillis)],
  ['Requests on new', r => num(role(r, 'new').requests)],
  ['Errors on new', r => errors(role(r, 'new'))],
  ['p99 new / stable', r => ms(role(r, 'new').p99Millis) + ' / ' + ms(role(r, 'stable').p99Millis)],
];

export async function comparison(apps) {
  const rows = [];
  let available;
  for (const app of apps) {
    const history = await optional('/v1/releases/' + q(app) + '/history').catch(() => null);
    if (history === undefined) {
      available = available || false;
      continue;
    }
    available = true;
    const summaries = Array.isArray(history) ? history.slice(-MAX_PER_APP) : [];
    const reports = await Promise.all(summaries.map(s =>
      get('/v1/releases/' + q(app) + '/report?revision=' + q(s.revision)).catch(() => null)));
    const seen = new Set();
    for (const r of reports) {
      if (r && !seen.has(r.id)) {
        seen.add(r.id);
        rows.push(r);
      }
    }
  }
  if (available === false) return section('Strategy comparison', notAvailable('Release reports (/v1/releases/{app}/report)'));
  if (rows.length === 0) return section('Strategy comparison', h('p', {class: 'empty'}, 'No release reports yet'));
  rows.sort((a, b) => String(a.strategy).localeCompare(String(b.strategy)) || String(a.startedAt).localeCompare(String(b.startedAt)));
  return section('Strategy comparison',
    h('p', {class: 'muted small'}, 'One row per release, measured: downtime while no ready instance was routed, instances above the replica count, time from abort to all traffic on stable.'),
    h('table', {class: 'grid', id: 'comparison'},
      h('thead', {}, h('tr', {}, COLUMNS.map(c => h('th', {}, c[0])))),
      h('tbody', {}, rows.map(r => h('tr', {'data-strategy': r.strategy}, COLUMNS.map(c => {
        const v = c[1](r);
        return h('td', {}, v instanceof Node ? v : v === undefined || v === null ? '' : String(v));
      }))))));
}

function role(r, name) {
  return (r.versions || []).find(v => v.role === name) || {};
}

function errors(v) {
  if (!v.requests) return '–';
  return v.errors + ' (' + (100 * v.errors / v.requests).toFixed(2) + ' %)';
}

function seconds(millis) {
  if (millis === undefined || millis === null || !isFinite(millis)) return '';
  if (millis === 0) return '0 s';
  return millis < 10000 ? (millis / 1000).toFixed(2) + ' s' : Math.round(millis / 1000) + ' s';
}

function ms(v) {
  return v === undefined || v === null || !isFinite(v) ? '–' : Number(v).toFixed(1) + ' ms';
}

function num(v) {
  if (v === undefined || v === null || !isFinite(v)) return '';
  return Number.isInteger(v) ? String(v) : Number(v).toFixed(1);
}

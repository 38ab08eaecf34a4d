// Releases: the current release of every app with the strategy comparison table, and one
// release watched live: traffic split, per-version requests/errors/latency, the step timeline,
// analysis, and promote / pause / resume / abort.
import {h, table, badge, section, facts, clear, ago} from './dom.js';
import {get, post, optional, stream, q, NotAvailable, ApiError} from './api.js';
import {notAvailable, failure} from './app.js';
import {lineChart, weightsBar} from './chart.js';
import {weightsOf, stepsOf, stepLabel, stepState, phaseOf, routeOf, sample} from './releasedata.js';
import {comparison} from './compare.js';

export async function render(root, args, ctx) {
  if (args[0]) return watch(root, args[0], ctx);
  root.append(h('h1', {}, 'Releases'));
  const apps = await optional('/v1/apps');
  if (apps === undefined) return root.append(notAvailable('Apps (/v1/apps)'));
  const names = apps.map(a => a.name);
  const rows = await Promise.all(names.map(async app => {
    try {
      return {app, status: await get('/v1/releases/' + q(app))};
    } catch (e) {
      return {app, error: e};
    }
  }));
  if (rows.some(r => r.error instanceof NotAvailable)) root.append(notAvailable('Releases (/v1/releases/{app})'));
  if (rows.length === 0) root.append(h('p', {class: 'empty'}, 'No apps, so no releases yet'));
  else root.append(section('Latest release of each app', table(rows, [
    ['App', r => h('a', {href: '#/releases/' + q(r.app), class: 'release-link'}, r.app)],
    ['Strategy', r => r.status ? r.status.strategy : ''],
    ['Revision', r => r.status ? 'r' + r.status.stableRevision + ' → r' + r.status.revision : ''],
    ['Phase', r => r.status ? badge(String(phaseOf(r.status)).toLowerCase()) : h('span', {class: 'muted'}, r.error ? r.error.message : '')],
    ['Step', r => r.status ? stepText(r.status) : ''],
    ['Traffic', r => r.status ? weightsOf(r.status).map(w => w.name + ' ' + w.percent + '%').join(' · ') : ''],
    ['Started', r => r.status ? ago(r.status.startedAt) : ''],
  ], {id: 'releases'})));
  root.append(await comparison(names));
}

function stepText(status) {
  const {steps, current} = stepsOf(status);
  return steps.length ? Math.min(current + 1, steps.length) + '/' + steps.length : '';
}

async function watch(root, app, ctx) {
  root.append(h('p', {class: 'crumbs'}, h('a', {href: '#/releases'}, 'Releases'), ' / ', app));
  const result = h('p', {id: 'action-result', class: 'result', role: 'status'});
  const actions = [['promote', 'Promote', 'primary'], ['promote-full', 'Promote fully', ''], ['pause', 'Pause', ''],
    ['resume', 'Resume', ''], ['abort', 'Abort', 'danger']];
  const buttons = h('div', {class: 'actions'}, actions.map(([id, text, kind]) =>
    h('button', {id, class: kind, onclick: () => act(id)}, text)));
  const head = h('div', {id: 'release-head'});
  const split = h('div', {id: 'split'});
  const timeline = h('div', {id: 'timeline'});
  const log = h('div', {id: 'timeline-log'});
  const charts = h('div', {id: 'charts', class: 'charts'});
  const stats = h('div', {id: 'version-stats'});
  const analysis = h('div', {id: 'analysis'});
  root.append(h('h1', {}, 'Release of ', app), h('div', {class: 'toolbar'}, buttons, result), head,
    section('Traffic split', split), section('Steps', timeline, log), section('Per version', charts, stats),
    section('Analysis', analysis));

  const history = [];
  let lastReading = null;
  let status = null;
  let statusJson = '';
  let route = null;

  async function refreshStatus() {
    try {
      apply(await get('/v1/releases/' + q(app)));
    } catch (e) {
      status = null;
      clear(head).append(e instanceof NotAvailable ? notAvailable('Releases (/v1/releases/{app})') : failure(e));
      drawSplit();
    }
  }

  function apply(next) {
    const json = JSON.stringify(next);
    if (json === statusJson) return;
    statusJson = json;
    status = next;
    drawStatus();
    refreshReport();
  }

  function drawStatus() {
    const phase = phaseOf(status);
    clear(head).append(facts([
      ['Phase', badge(String(phase).toLowerCase())], ['Health', status.health], ['Strategy', status.strategy + (status.undo ? ' (undo)' : '')],
      ['Revisions', 'stable r' + status.stableRevision + ' → new r' + status.revision],
      ['Instances', (status.revisions || []).map(r => r.role + ' r' + r.revision + ': ' + r.ready + '/' + r.desired + ' ready').join(' · ')],
      ['Platform', status.platform], ['Started', status.startedAt ? status.startedAt + ' (' + ago(status.startedAt) + ')' : undefined],
      ['Ended', status.endedAt], ['Paused because', status.pauseReason], ['Message', status.message],
      ['Rollback took', status.rollbackMillis !== undefined && status.rollbackMillis !== null ? status.rollbackMillis + ' ms' : undefined],
    ]));
    drawSplit();
    const {steps, current} = stepsOf(status);
    clear(timeline).append(steps.length === 0 ? h('p', {class: 'muted'}, 'No steps') :
      h('ol', {class: 'steps'}, steps.map((st, i) => {
        const state = stepState(i, current, phase);
        return h('li', {class: 'step ' + state, 'data-state': state}, h('span', {class: 'num'}, String(i + 1)), stepLabel(st));
      })));
    const list = status.analyses && status.analyses.length ? status.analyses : status.analysis ? [status.analysis] : [];
    clear(analysis).append(list.length === 0 ? h('p', {class: 'muted'}, 'No analysis ran yet') : table(list, [
      ['Step', a => String(a.step + 1)], ['Analysis', a => a.label], ['Phase', a => badge(String(a.phase).toLowerCase())],
      ['Metrics', a => (a.metrics || []).map(m => m.name + ' = ' + (m.last ?? '–') + ' (' + m.phase + ', ' + m.measurements + ')').join('; ')],
      ['Message', a => a.message || '']]));
  }

  /** The timeline with times comes with the report: what happened at each step, and the weights then. */
  async function refreshReport() {
    const report = await optional('/v1/releases/' + q(app) + '/report').catch(() => undefined);
    if (!report || !Array.isArray(report.timeline) || report.id !== (status && status.id)) return;
    const start = report.timeline.length ? report.timeline[0].timeMs : 0;
    clear(log).append(h('table', {class: 'grid timeline'}, h('tbody', {}, report.timeline.map(t =>
      h('tr', {}, h('td', {class: 'num'}, '+' + ((t.timeMs - start) / 1000).toFixed(1) + ' s'),
        h('td', {}, t.phase ? badge(String(t.phase).toLowerCase()) : ''), h('td', {}, t.weights || ''), h('td', {}, t.message || ''))))));
  }

  function drawSplit() {
    const weights = weightsOf(status, route);
    clear(split).append(weights.length ? weightsBar(weights) : h('p', {class: 'muted'}, 'No traffic split known (no release and no gateway route)'));
  }

  async function refreshMetrics() {
    const name = (status && status.route) || app;
    const routes = await optional('/v1/gateway/routes').catch(() => undefined);
    route = routeOf(routes, name) || route;
    if (!status) drawSplit();
    let reading;
    try {
      // a short window makes the latency follow the release step by step
      reading = await get('/v1/gateway/metrics/' + q(name) + '?window=10');
    } catch (e) {
      clear(charts).append(e instanceof NotAvailable ? notAvailable('Gateway metrics (/v1/gateway/metrics/{route})')
        : h('p', {class: 'muted', id: 'metrics-note'}, 'No metrics: ' + e.message));
      return;
    }
    const now = Date.now();
    reading.__t = now;
    for (const v of sample(lastReading, reading)) history.push({t: now, ...v});
    lastReading = reading;
    while (history.length && now - history[0].t > 120000) history.shift();
    const versions = [...new Set(history.map(x => x.name))];
    const byVersion = name => history.filter(x => x.name === name);
    const series = key => versions.map(v => ({name: v, points: byVersion(v).map(x => [x.t, x[key]])}));
    clear(charts).append(lineChart('Requests', 'req/s', series('rps')), lineChart('Errors', 'err/s', series('eps')),
      lineChart('Latency p99', 'ms', series('p99')));
    const latest = versions.map(v => byVersion(v).pop());
    clear(stats).append(table(latest, [
      ['Version', x => x.name], ['Requests', x => String(x.requests)], ['Errors', x => String(x.errors)],
      ['Error rate', x => x.requests ? (100 * x.errors / x.requests).toFixed(2) + ' %' : '–'],
      ['p50 ms', x => isFinite(x.p50) ? x.p50.toFixed(1) : '–'], ['p99 ms', x => isFinite(x.p99) ? x.p99.toFixed(1) : '–']]));
  }

  async function act(id) {
    const action = id === 'promote-full' ? 'promote' : id;
    const path = '/v1/releases/' + q(app) + '/' + action + (id === 'promote-full' ? '?full=1' : '');
    result.className = 'result';
    result.textContent = action + '…';
    try {
      const answer = await post(path);
      result.textContent = action + ': done' + (phaseOf(answer) ? ', the release is ' + String(phaseOf(answer)).toLowerCase() : '');
      result.classList.add('ok');
      if (answer && answer.app) apply(answer);
    } catch (e) {
      result.textContent = action + ': ' + (e instanceof NotAvailable ? 'not available on this daemon' : e.message);
      result.classList.add('error');
      result.dataset.code = e instanceof ApiError ? e.code : '';
    }
    await refreshStatus();
  }

  await Promise.all([refreshStatus(), refreshMetrics()]);
  // The daemon pushes each status change; polling keeps the charts moving and covers a dropped stream.
  const stop = stream('/v1/releases/' + q(app) + '/watch', v => {
    if (v && typeof v === 'object' && v.app) {
      apply(v);
      // the stream ends with the release; EventSource would reconnect for ever to an ended one
      if (!['PROGRESSING', 'PAUSED'].includes(String(v.phase))) stop();
    }
  });
  let closed = false;
  const timer = setInterval(() => {
    if (closed) return;
    refreshMetrics().catch(() => {});
    refreshStatus().catch(() => {});
  }, 2000);
  ctx.onLeave(() => {
    closed = true;
    clearInterval(timer);
    stop();
  });
}

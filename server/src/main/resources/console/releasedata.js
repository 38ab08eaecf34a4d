// Reading a ReleaseStatus (/v1/releases/{app}), a gateway Route and RouteMetrics
// (/v1/gateway/metrics/{route}) into what the release page draws.
import {pick} from './dom.js';

/** [{name, percent}] from the release's weights (per mille), or else from the gateway route's versions. */
export function weightsOf(status, route) {
  let list = [];
  if (status && Array.isArray(status.weights) && status.weights.length) {
    list = status.weights.map(w => ({name: label(w), weight: Number(pick(w, 'perMille', 'weight', 'percent'))}));
  } else if (route && Array.isArray(route.versions)) {
    list = route.versions.map(v => ({name: pick(v, 'name', 'version'), weight: Number(v.weight)}));
  }
  list = list.filter(w => w.name !== undefined && isFinite(w.weight));
  const total = list.reduce((a, w) => a + w.weight, 0);
  if (total <= 0) return list.map(w => ({name: w.name, percent: 0}));
  return list.map(w => ({name: w.name, percent: Math.round(1000 * w.weight / total) / 10}));
}

function label(w) {
  const v = pick(w, 'version', 'name');
  return w.revision !== undefined && v !== undefined && !String(v).includes('r' + w.revision) ? v + ' (r' + w.revision + ')' : v;
}

/** The plan's steps (labels) and the index of the one running; step == plan.length once complete. */
export function stepsOf(status) {
  const plan = (status && pick(status, 'plan', 'steps')) || [];
  const current = Number(status && pick(status, 'step', 'currentStep'));
  return {steps: Array.isArray(plan) ? plan : [], current: isFinite(current) ? current : -1};
}

export function stepLabel(step) {
  if (typeof step === 'string') return step;
  return String(pick(step, 'label', 'description', 'kind', 'type', 'name') || 'step');
}

/** done, running, paused, failed or pending, from where the step is against the release's phase. */
export function stepState(index, current, phase) {
  const p = String(phase || '').toUpperCase();
  if (index < current) return 'done';
  if (index > current) return 'pending';
  if (p === 'ABORTED') return 'failed';
  if (p === 'PAUSED') return 'paused';
  if (p === 'COMPLETED') return 'done';
  return 'running';
}

export function phaseOf(status) {
  return status && pick(status, 'phase', 'state');
}

/** The route named {@code name} among /v1/gateway/routes. */
export function routeOf(routes, name) {
  const list = Array.isArray(routes) ? routes : (routes && routes.routes) || [];
  return list.find(r => r.name === name);
}

/** From two readings of cumulative counters: per-version requests/s, errors/s and latency now. */
export function sample(prev, cur) {
  const out = [];
  for (const v of (cur && cur.versions) || []) {
    const name = pick(v, 'version', 'name');
    const total = v.total || {};
    const before = prev && (prev.versions || []).find(p => pick(p, 'version', 'name') === name);
    // the page stamps each reading when it arrives: the gateway's own clock format does not matter
    const dt = prev ? (cur.__t - prev.__t) / 1000 : NaN;
    let rps = NaN, eps = NaN;
    if (before && dt > 0) {
      const b = before.total || {};
      rps = Math.max(0, (total.requests - b.requests) / dt);
      eps = Math.max(0, (total.errors - b.errors) / dt);
    } else if (v.window && cur.windowSeconds) {
      rps = v.window.requests / cur.windowSeconds;
      eps = v.window.errors / cur.windowSeconds;
    }
    const lat = v.latency || {};
    out.push({name, rps, eps, p50: Number(lat.p50), p99: Number(lat.p99), requests: total.requests, errors: total.errors});
  }
  return out;
}

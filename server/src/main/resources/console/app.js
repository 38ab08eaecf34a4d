// The dashboard: a single page with hash routes (#/apps, #/images/ID...), each drawn by a module.
import {h, clear} from './dom.js';
import {get, post, stream, Unauthorized, NotAvailable} from './api.js';
import * as apps from './page-apps.js';
import * as pods from './page-pods.js';
import * as images from './page-images.js';
import * as networks from './page-networks.js';
import * as releases from './page-releases.js';
import * as reference from './page-api.js';
import * as login from './page-login.js';

const PAGES = {apps, pods, images, networks, releases, api: reference, login};
const view = document.getElementById('view');
let cleanup = null;
let stopEvents = null;
let visits = 0;

function parseHash() {
  const parts = (location.hash || '#/apps').replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  return {page: parts[0] || 'apps', args: parts.slice(1)};
}

/** What a page shows when the endpoint it needs is not served by this daemon. */
export function notAvailable(what) {
  return h('div', {class: 'notice', 'data-state': 'not-available'}, what + ': not available on this daemon');
}

export function failure(e) {
  if (e instanceof NotAvailable) return notAvailable(e.message.replace(/^no such API path: /, ''));
  return h('div', {class: 'notice error'}, e.message || String(e));
}

async function route() {
  if (cleanup) {
    try { cleanup(); } catch (e) { /* the old page is gone anyway */ }
    cleanup = null;
  }
  const {page, args} = parseHash();
  const mod = PAGES[page] || apps;
  document.querySelectorAll('#nav a').forEach(a => a.classList.toggle('active', a.dataset.page === page));
  clear(view);
  delete view.dataset.ready;
  view.dataset.page = page;
  // Each visit draws into its own element: a slow page that finishes after the user moved on
  // draws into a detached node instead of over the next page.
  const visit = ++visits;
  const root = h('div', {class: 'page'});
  view.append(root);
  const ctx = {
    go: hash => { location.hash = hash; },
    onLeave: fn => { if (visit === visits) cleanup = fn; else fn(); },
    loggedOut: () => showLogin(),
  };
  try {
    await mod.render(root, args, ctx);
  } catch (e) {
    if (e instanceof Unauthorized) return showLogin();
    root.append(failure(e));
  }
  if (visit === visits) view.dataset.ready = 'true';
}

function showLogin() {
  document.getElementById('nav').hidden = true;
  document.getElementById('logout').hidden = true;
  document.getElementById('events').hidden = true;
  if (stopEvents) { stopEvents(); stopEvents = null; }
  if (!location.hash.startsWith('#/login')) {
    const back = location.hash && location.hash !== '#/login' ? location.hash : '#/apps';
    sessionStorage.setItem('legends.after-login', back);
    location.hash = '#/login';
  } else {
    route();
  }
}

function showEvents() {
  const footer = document.getElementById('events');
  const list = document.getElementById('event-list');
  footer.hidden = false;
  clear(list);
  // The daemon's own event feed: every state change, live.
  stopEvents = stream('/v1/events?follow=1&limit=5', e => {
    if (!e || typeof e !== 'object') return;
    list.prepend(h('li', {}, h('span', {class: 'kind'}, e.kind), ' ', h('b', {}, e.object), ' ', e.message));
    while (list.children.length > 5) list.lastChild.remove();
  });
}

async function start() {
  document.getElementById('logout').addEventListener('click', async () => {
    try { await post('/logout'); } catch (e) { /* the cookie is cleared either way */ }
    showLogin();
  });
  window.addEventListener('hashchange', route);
  if (location.hash.startsWith('#/login')) return route();
  try {
    const version = await get('/v1/version');
    document.getElementById('daemon').textContent = 'daemon ' + (version.version || '') + ' · API ' + (version.apiVersion || '');
  } catch (e) {
    if (e instanceof Unauthorized) return showLogin();
  }
  loggedIn();
}

/** Called by the login page once the cookie is set. */
export function loggedIn() {
  document.getElementById('nav').hidden = false;
  document.getElementById('logout').hidden = false;
  if (!stopEvents) showEvents();
  const next = sessionStorage.getItem('legends.after-login');
  sessionStorage.removeItem('legends.after-login');
  if (next && location.hash.startsWith('#/login')) location.hash = next;
  else if (location.hash.startsWith('#/login') || !location.hash) location.hash = '#/apps';
  else route();
}

start();

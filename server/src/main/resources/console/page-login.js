import {h} from './dom.js';
import {post, get} from './api.js';
import {loggedIn} from './app.js';

export async function render(root) {
  const input = h('input', {type: 'password', id: 'token', name: 'token', autocomplete: 'current-password',
    placeholder: 'the daemon token', required: true});
  const error = h('p', {id: 'login-error', class: 'error', role: 'alert'});
  const form = h('form', {id: 'login', class: 'card login'},
    h('h1', {}, 'Log in'),
    h('p', {class: 'muted'}, 'Paste the token from the file that ', h('code', {}, 'legends dashboard'), ' names.'),
    input, h('button', {type: 'submit', class: 'primary'}, 'Log in'), error);
  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    error.textContent = '';
    try {
      await post('/login', {token: input.value});
    } catch (e) {
      error.textContent = e.message || String(e);
      input.select();
      return;
    }
    loggedIn();
    try {
      const version = await get('/v1/version');
      document.getElementById('daemon').textContent = 'daemon ' + (version.version || '') + ' · API ' + (version.apiVersion || '');
    } catch (e) {
      // the header line is a nicety: the login itself succeeded
    }
  });
  root.append(form);
  input.focus();
}

// The daemon's REST API, through the dashboard's port with the session cookie.
// Every error the daemon sends is JSON {code, message}.

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** The path is not served by this daemon (an older build, or a layer that is not there). */
export class NotAvailable extends ApiError {}

export class Unauthorized extends ApiError {}

async function call(method, path, body) {
  const headers = {'x-legends-request': '1'};
  const init = {method, headers, credentials: 'same-origin'};
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const res = await fetch(path, init);
  const text = await res.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch (e) {
    data = text;
  }
  if (res.ok) return data;
  const code = data && data.code || 'HTTP_' + res.status;
  const message = data && data.message || res.statusText;
  if (res.status === 401) throw new Unauthorized(res.status, code, message);
  // The router answers an unknown path with 404 "no such API path" and a known path with an
  // unknown method with 400 "... is not allowed on": both mean this daemon lacks the feature.
  if ((res.status === 404 && message.startsWith('no such API path')) || / is not allowed on \//.test(message)) {
    throw new NotAvailable(res.status, code, message);
  }
  throw new ApiError(res.status, code, message);
}

export const get = path => call('GET', path);
export const post = (path, body) => call('POST', path, body === undefined ? {} : body);

/** GET that answers undefined when the endpoint does not exist on this daemon. */
export async function optional(path) {
  try {
    return await get(path);
  } catch (e) {
    if (e instanceof NotAvailable) return undefined;
    throw e;
  }
}

export function q(value) {
  return encodeURIComponent(value);
}

/** Server-Sent Events: calls onData with each parsed event until the returned close() is called. */
export function stream(path, onData, onError) {
  const source = new EventSource(path);
  source.onmessage = m => {
    let v = m.data;
    try { v = JSON.parse(m.data); } catch (e) { /* a plain line */ }
    onData(v);
  };
  source.onerror = () => { if (onError) onError(); };
  return () => source.close();
}

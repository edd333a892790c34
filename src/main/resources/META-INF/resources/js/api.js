// The one way the pages reach data: the REST API under /api/v1, with the bearer token from sessionStorage.
// A failed call throws ApiError whose message is the problem's `detail` (and its field errors), ready to show.

const TOKEN_KEY = 'crosscheck.token';

export const session = {
  token: () => sessionStorage.getItem(TOKEN_KEY),
  signIn: (token) => sessionStorage.setItem(TOKEN_KEY, token),
  signOut: () => sessionStorage.removeItem(TOKEN_KEY),
};

/** An API failure: `status` (0 when the service did not answer) and the problem+json body. */
export class ApiError extends Error {
  constructor(status, problem) {
    const detail = problem.detail || problem.title || `HTTP ${status}`;
    // Field errors the detail does not already say (validation failures list several).
    const extra = (problem.errors || []).filter((e) => !detail.includes(e.message)).map((e) => `${e.field}: ${e.message}`);
    super(extra.length ? `${detail} (${extra.join('; ')})` : detail);
    this.status = status;
    this.problem = problem;
  }
}

async function send(method, path, { body, headers = {}, accept = 'application/json' } = {}) {
  const h = { Accept: accept, ...headers };
  const token = session.token();
  if (token) h.Authorization = `Bearer ${token}`;
  let payload;
  if (body !== undefined) {
    h['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(`/api/v1${path}`, { method, headers: h, body: payload });
  } catch (e) {
    throw new ApiError(0, { title: 'No answer', detail: `The service did not answer (${e.message}). Is it running?` });
  }
  if (!response.ok) {
    const type = response.headers.get('Content-Type') || '';
    let problem = {};
    if (type.includes('json')) {
      problem = await response.json().catch(() => ({}));
    } else {
      const text = await response.text().catch(() => '');
      problem = { title: response.statusText, detail: text.slice(0, 300) || undefined };
    }
    if (!problem.detail) problem.detail = `${method} ${path} answered ${response.status} ${problem.title || response.statusText}`;
    throw new ApiError(response.status, problem);
  }
  return response;
}

/** Calls the API and returns the parsed JSON (null for 204). */
export async function api(method, path, body, headers) {
  const response = await send(method, path, { body, headers });
  if (response.status === 204) return null;
  const type = response.headers.get('Content-Type') || '';
  return type.includes('json') ? response.json() : response.text();
}

export const get = (path) => api('GET', path);
export const post = (path, body) => api('POST', path, body);
export const put = (path, body, headers) => api('PUT', path, body, headers);
export const del = (path, headers) => api('DELETE', path, undefined, headers);

/** Downloads a file the API streams (exports): a plain link cannot carry the bearer token, so fetch and save it. */
export async function download(path, fallbackName) {
  const response = await send('GET', path, { accept: '*/*' });
  const disposition = response.headers.get('Content-Disposition') || '';
  const name = /filename="?([^";]+)"?/.exec(disposition)?.[1] || fallbackName;
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}

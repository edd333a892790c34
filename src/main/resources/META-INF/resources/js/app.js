// The workbench shell: sign-in with a bearer token (kept in sessionStorage), the header, and a hash router that
// hands each page its module. Pages only ever talk to the REST API (api.js).
import { session, get } from './api.js';
import { h, fill, showError, clearMessages } from './ui.js';

const routes = [
  [/^#?\/?$/, () => import('./pages/projects.js')],
  [/^#\/annotate\/(\d+)$/, () => import('./pages/annotate.js'), ['projectId']],
  [/^#\/projects\/(\d+)$/, () => import('./pages/dashboard.js'), ['projectId']],
  [/^#\/projects\/(\d+)\/items\/(\d+)$/, () => import('./pages/item.js'), ['projectId', 'articleId']],
  [/^#\/projects\/(\d+)\/sources$/, () => import('./pages/sources.js'), ['projectId']],
];

let me = null;
let leave = null;

function header() {
  const who = document.getElementById('who');
  const nav = document.getElementById('nav');
  if (!me) {
    fill(who);
    fill(nav);
    return;
  }
  fill(nav, h('a', { href: '#/' }, me.role === 'annotator' ? 'My projects' : 'Projects'));
  fill(who, h('span', {}, `${me.username} (${me.role})`), ' ',
    h('button', { type: 'button', id: 'sign-out', onclick: signOut }, 'Sign out'));
}

function signOut() {
  session.signOut();
  me = null;
  location.hash = '#/';
  route();
}

function signInPage(main) {
  const input = h('input', { id: 'token', name: 'token', type: 'password', required: true, autocomplete: 'off', spellcheck: 'false' });
  const form = h('form', { class: 'card narrow', 'aria-labelledby': 'signin-title' },
    h('h1', { id: 'signin-title' }, 'Sign in'),
    h('p', {}, 'Paste the token you were given (a long string of letters and digits). It is kept in this browser tab ',
      'only, and forgotten when you sign out or close the tab.'),
    h('p', { class: 'hint' }, 'No token? An admin makes one for you under People. For scripts, it is the ',
      h('code', {}, 'Authorization: Bearer'), ' token of the REST API.'),
    h('label', { for: 'token' }, 'Token'), input,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Sign in')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearMessages();
    session.signIn(input.value.trim());
    try {
      me = await get('/me');
      route();
    } catch (err) {
      session.signOut();
      me = null;
      showError(err.status === 401 ? new Error(`${err.message.replace(/\.?$/, '.')} Check that you pasted the whole token; a token stops `
        + 'working when a new one is made for the same person, so ask for the newest one.') : err, 'Sign-in failed');
      input.focus();
    }
  });
  fill(main, form);
  input.focus();
}

// Each navigation renders into its own container: a page still loading when the user (or a test) moves on
// finishes into a container that is no longer shown, instead of overwriting the page that replaced it.
let generation = 0;

async function route() {
  const current = ++generation;
  const stale = () => current !== generation;
  const main = document.getElementById('main');
  if (leave) {
    leave();
    leave = null;
  }
  clearMessages();
  if (!session.token()) {
    header();
    signInPage(main);
    return;
  }
  if (!me) {
    try {
      me = await get('/me');
    } catch (e) {
      if (stale()) return;
      if (e.status === 401) session.signOut();
      header();
      signInPage(main);
      showError(e, 'Sign-in failed');
      return;
    }
    if (stale()) return;
  }
  header();
  const hash = location.hash || '#/';
  for (const [pattern, load, names = []] of routes) {
    const m = pattern.exec(hash);
    if (!m) continue;
    const params = Object.fromEntries(names.map((n, i) => [n, Number(m[i + 1])]));
    const view = h('div', { class: 'view' }, h('p', { class: 'loading' }, 'Loading…'));
    fill(main, view);
    let done = null;
    try {
      const page = await load();
      done = (await page.render(view, params, { me })) || null;
    } catch (e) {
      if (!stale()) {
        // Said once, in the page itself, with a way on (not a second copy in the message region).
        console.warn(e.message);
        fill(view, h('h1', {}, 'This page could not be shown'), h('p', { class: 'error', role: 'alert', id: 'page-error' }, e.message),
          e.status === 403 ? h('p', {}, 'This page is for supervisors and admins.') : null,
          h('p', {}, h('a', { href: '#/' }, me.role === 'annotator' ? 'Back to my projects' : 'Back to the projects')));
      }
    }
    if (stale()) {
      if (done) done(); // a page that started timers (heartbeats) stops them at once
      return;
    }
    leave = done;
    const heading = view.querySelector('h1');
    if (heading) {
      heading.tabIndex = -1;
      heading.focus({ preventScroll: true });
    }
    return;
  }
  fill(main, h('h1', {}, 'Not found'), h('p', {}, h('a', { href: '#/' }, 'Back to the projects')));
}

window.addEventListener('hashchange', route);
window.addEventListener('unhandledrejection', (e) => showError(e.reason));
route();

// Home: an annotator's projects with their progress; a supervisor's project list; an admin's people.
import { get, post } from '../api.js';
import { h, fill, attempt, showInfo, messageRegion } from '../ui.js';

export async function render(main, params, { me }) {
  if (me.role === 'annotator') return annotatorHome(main, me);
  const projects = await get('/projects?size=1000');
  fill(main,
    h('h1', {}, 'Projects'),
    projects.items.length === 0 ? h('p', { class: 'empty', id: 'no-projects' }, 'No projects yet. Projects are made through the REST API ',
      '(POST /api/v1/projects; the README’s five-minute tour shows how); each one then appears here.') :
      h('table', { class: 'list' },
        h('caption', {}, `${projects.total} project${projects.total === 1 ? '' : 's'}`),
        h('thead', {}, h('tr', {}, ['Project', 'Annotators per item', 'Blind sources', 'Access', 'Layers', ''].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, projects.items.map((p) => h('tr', {},
          h('th', { scope: 'row' }, h('a', { href: `#/projects/${p.id}` }, p.name)),
          h('td', {}, p.annotatorsPerItem), h('td', {}, p.blindSources ? 'yes' : 'no'), h('td', {}, p.access),
          h('td', {}, p.layers.map((l) => l.name).join(', ')),
          h('td', {}, h('a', { href: `#/projects/${p.id}`, class: 'button' }, 'Dashboard')))))),
    me.role === 'admin' ? await people(me) : null);
  return null;
}

async function annotatorHome(main, me) {
  const mine = await get('/me/projects?size=1000');
  fill(main,
    h('h1', {}, 'My projects'),
    mine.items.length === 0
      ? h('p', { class: 'empty', id: 'no-projects' }, `You are not a member of any project yet, ${me.username}. `,
        'A supervisor adds you to a project (Members, on its dashboard); then it appears here.')
      : h('ul', { class: 'cards' }, mine.items.map((p) => h('li', { class: 'card project-card' },
        h('h2', {}, p.name),
        h('p', {}, `${p.layers.length} layer${p.layers.length === 1 ? '' : 's'}: ${p.layers.map((l) => l.name).join(', ')}`,
          p.blindSources ? ' · sources hidden' : ''),
        h('dl', { class: 'progress' },
          h('dt', {}, 'Submitted'), h('dd', {}, p.progress.submitted),
          h('dt', {}, 'In progress'), h('dd', {}, p.progress.inProgress),
          h('dt', {}, 'Still open to you'), h('dd', {}, p.progress.available)),
        h('a', { class: 'button primary', href: `#/annotate/${p.id}` },
          p.progress.inProgress ? 'Continue labeling' : p.progress.available ? 'Label the next item' : 'Open')))));
  return null;
}

const PEOPLE_PAGE = 100;

/**
 * The newest users first (the last two pages of the list, which is by id): the one just created, or the one an
 * import made, is at the top however many there are.
 */
async function newestUsers() {
  const { total } = await get('/users?size=1');
  const last = Math.max(0, Math.ceil(total / PEOPLE_PAGE) - 1);
  const pages = await Promise.all([last, last - 1].filter((p) => p >= 0).map((p) => get(`/users?size=${PEOPLE_PAGE}&page=${p}`)));
  return { total, items: pages.flatMap((p) => p.items).sort((a, b) => b.id - a.id) };
}

async function people(me) {
  const section = h('section', { class: 'card', 'aria-labelledby': 'people-title' });
  const list = h('div');
  const refresh = async () => {
    const users = await newestUsers();
    fill(list, h('table', { class: 'list' },
      h('caption', {}, users.items.length < users.total ? `The ${users.items.length} newest of ${users.total} users` : `${users.total} users, newest first`),
      h('thead', {}, h('tr', {}, ['User', 'Role', 'Can sign in', ''].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, users.items.map((u) => h('tr', {}, h('td', {}, u.username), h('td', {}, u.role), h('td', {}, u.canLogIn ? 'yes' : 'no'),
        // Not for oneself: this tab would go on sending the token that just stopped working.
        h('td', {}, u.id === me.id ? null : h('button', { type: 'button', class: 'small', 'aria-label': `New token for ${u.username}`,
          onclick: (e) => newToken(u, e.currentTarget) }, 'New token')))))));
  };
  const showToken = (made) => fill(result, h('p', { class: 'token-once' }, `Token of ${made.username} (shown once, copy it now): `,
    h('code', { id: 'created-token' }, made.token)));
  // A lost token cannot be shown again, only replaced: the old one stops working, so ask first.
  const newToken = (u, button) => attempt(`Making a new token for ${u.username}`, async () => {
    if (!window.confirm(`Make a new token for ${u.username}? Their current token stops working at once.`)) return;
    showToken(await post(`/users/${u.id}/token`));
    showInfo(`New token for ${u.username} made`, form);
    await refresh();
  }, button);
  const name = h('input', { id: 'new-username', required: true, pattern: '[A-Za-z0-9._@\\-]{1,100}' });
  const role = h('select', { id: 'new-role' }, ['annotator', 'supervisor', 'admin'].map((r) => h('option', { value: r }, r)));
  const result = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'inline' },
    h('label', { for: 'new-username' }, 'Username'), name,
    h('label', { for: 'new-role' }, 'Role'), role,
    h('button', { type: 'submit' }, 'Create user'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    attempt('Creating the user', async () => {
      const created = await post('/users', { username: name.value.trim(), role: role.value });
      showToken(created);
      showInfo(`User ${created.username} created`, form);
      name.value = '';
      await refresh();
    }, e.submitter);
  });
  fill(section, h('h2', { id: 'people-title' }, 'People'), form, messageRegion(), result, list);
  await refresh();
  return section;
}

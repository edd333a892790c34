// Home: an annotator's projects with their progress; a supervisor's project list; an admin's people.
import { get, post } from '../api.js';
import { h, fill, attempt, showInfo, messageRegion } from '../ui.js';

export async function render(main, params, { me }) {
  if (me.role === 'annotator') return annotatorHome(main, me);
  const projects = await get('/projects?size=1000');
  fill(main,
    h('h1', {}, 'Projects'),
    projects.items.length === 0 ? h('p', {}, 'No projects yet. Create one with POST /api/v1/projects (see the README).') :
      h('table', { class: 'list' },
        h('caption', {}, `${projects.total} project${projects.total === 1 ? '' : 's'}`),
        h('thead', {}, h('tr', {}, ['Project', 'Annotators per item', 'Blind sources', 'Access', 'Layers', ''].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, projects.items.map((p) => h('tr', {},
          h('th', { scope: 'row' }, h('a', { href: `#/projects/${p.id}` }, p.name)),
          h('td', {}, p.annotatorsPerItem), h('td', {}, p.blindSources ? 'yes' : 'no'), h('td', {}, p.access),
          h('td', {}, p.layers.map((l) => l.name).join(', ')),
          h('td', {}, h('a', { href: `#/projects/${p.id}`, class: 'button' }, 'Dashboard')))))),
    me.role === 'admin' ? await people() : null);
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

async function people() {
  const section = h('section', { class: 'card', 'aria-labelledby': 'people-title' });
  const list = h('div');
  const refresh = async () => {
    const users = await get('/users?size=1000');
    fill(list, h('table', { class: 'list' },
      h('caption', {}, `${users.total} users`),
      h('thead', {}, h('tr', {}, ['User', 'Role', 'Can sign in'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, users.items.map((u) => h('tr', {}, h('td', {}, u.username), h('td', {}, u.role), h('td', {}, u.canLogIn ? 'yes' : 'no'))))));
  };
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
      fill(result, h('p', { class: 'token-once' }, `Token of ${created.username} (shown once, copy it now): `,
        h('code', { id: 'created-token' }, created.token)));
      showInfo(`User ${created.username} created`, form);
      name.value = '';
      await refresh();
    }, e.submitter);
  });
  fill(section, h('h2', { id: 'people-title' }, 'People'), form, messageRegion(), result, list);
  await refresh();
  return section;
}

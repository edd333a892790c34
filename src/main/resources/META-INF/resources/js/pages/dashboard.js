// A supervisor's project dashboard: progress, agreement per layer (with its interval; by label and by source as
// charts; the annotator-pair matrix), the review queue, members, exports. Every figure comes from the REST API.
import { get, post, del, download } from '../api.js';
import { h, fill, attempt, showInfo, fmt, interval } from '../ui.js';
import { barChart, pairMatrix } from '../charts.js';

export async function render(main, { projectId }) {
  const base = `/projects/${projectId}`;
  const [project, progress] = await Promise.all([get(base), get(`${base}/progress`)]);
  const agreementBox = h('div', { id: 'agreement' }, h('p', { class: 'loading' }, 'Computing agreement…'));
  const reviewBox = h('div', { id: 'review-queue' }, h('p', { class: 'loading' }, 'Loading the review queue…'));
  const membersBox = h('div', { id: 'members' });
  fill(main,
    h('h1', {}, project.name),
    h('p', { class: 'item-meta' }, `${project.annotatorsPerItem} annotators per item · sources ${project.blindSources ? 'hidden from' : 'shown to'} annotators · access: ${project.access} · schema version ${project.schemaVersion} · `,
      h('a', { href: `#/projects/${projectId}/sources` }, 'Source report')),
    h('section', { class: 'card', 'aria-labelledby': 'progress-title' }, h('h2', { id: 'progress-title' }, 'Progress'), progressBar(progress)),
    h('section', { 'aria-labelledby': 'agreement-title' }, h('h2', { id: 'agreement-title' }, 'Agreement'), agreementBox),
    h('section', { class: 'card', 'aria-labelledby': 'review-title' }, h('h2', { id: 'review-title' }, 'Review queue (most disagreement first)'), reviewBox),
    h('div', { class: 'two' },
      h('section', { class: 'card', 'aria-labelledby': 'members-title' }, h('h2', { id: 'members-title' }, 'Members'), membersBox),
      h('section', { class: 'card', 'aria-labelledby': 'export-title' }, h('h2', { id: 'export-title' }, 'Export'), exports(project))));
  members(membersBox, projectId);
  get(`${base}/review-queue?size=50`).then((q) => fill(reviewBox, reviewTable(q, projectId)))
    .catch((e) => fill(reviewBox, h('p', { class: 'error', role: 'alert' }, e.message)));
  get(`${base}/agreement?ci=0.95`).then((reports) => fill(agreementBox, reports.map(layerAgreement)))
    .catch((e) => fill(agreementBox, h('p', { class: 'error', role: 'alert' }, e.message)));
  return null;
}

function progressBar(p) {
  const parts = [['complete', p.complete, 'Complete (k submitted)'], ['in-progress', p.inProgress, 'In progress'], ['untouched', p.untouched, 'Untouched']];
  return h('div', {},
    h('div', { class: 'stack', role: 'img', 'aria-label': `${p.complete} complete, ${p.inProgress} in progress, ${p.untouched} untouched${p.controls ? `, ${p.controls} controls` : ''} of ${p.items} items` },
      parts.filter(([, n]) => n > 0).map(([cls, n, name]) => h('span', { class: `stack-${cls}`, style: `flex-grow: ${n}`, title: `${name}: ${n}` }, n))),
    h('dl', { class: 'progress', id: 'progress-counts' }, parts.flatMap(([cls, n, name]) => [h('dt', { class: `key-${cls}` }, name), h('dd', {}, n)]),
      // Control items are for every rater, so they never complete: shown apart, not as unfinished work.
      p.controls ? [h('dt', {}, 'Controls'), h('dd', {}, p.controls)] : [],
      h('dt', {}, 'Adjudicated'), h('dd', {}, p.adjudicated), h('dt', {}, 'Items'), h('dd', {}, p.items)));
}

function layerAgreement(r) {
  const span = r.scope === 'span';
  const headline = span
    ? [h('strong', {}, `α_U = ${fmt(r.unitizingAlpha)}`), ' ', interval(r.unitizingAlphaCi), ` · span F1 exact ${fmt(r.spanF1Exact)}, overlap ${fmt(r.spanF1Overlap)}`]
    : [h('strong', {}, `Krippendorff's α = ${fmt(r.krippendorffAlpha)}`), ' ', interval(r.krippendorffAlphaCi),
      ` · Fleiss' κ ${fmt(r.fleissKappa)} · agreement ${fmt(r.percentAgreement)} · mean Cohen's κ ${fmt(r.meanPairwiseCohenKappa)}`];
  const value = (x) => (span ? x.unitizingAlpha : x.krippendorffAlpha);
  const ci = span ? r.unitizingAlphaCi : r.krippendorffAlphaCi;
  return h('article', { class: 'card layer-agreement', 'data-layer': r.layer },
    h('h3', {}, `${r.layer} `, h('span', { class: 'muted' }, `(${r.scope}, ${r.measurement}; ${r.items} items, ${r.annotators} annotators)`)),
    h('p', {}, headline),
    h('div', { class: 'charts' },
      barChart({ title: `${r.layer}: ${span ? 'α_U' : 'α'} of the layer`, domain: [0, 1],
        rows: [{ label: 'all items', value: value(r), lower: ci?.lower, upper: ci?.upper }] }),
      barChart({ title: `${r.layer}: by label (${span ? 'α_U per label' : 'α of label vs rest'})`, domain: [0, 1],
        rows: r.byLabel.map((b) => ({ label: `${b.label} (${b.values})`, value: value(b) })) }),
      barChart({ title: `${r.layer}: by source`, domain: [0, 1],
        rows: r.bySource.map((b) => ({ label: `${b.source} (${b.items})`, value: value(b) })) }),
      r.pairs.length ? pairMatrix({ title: `${r.layer}: annotator pairs (${span ? 'span F1, overlap' : "Cohen's κ"})`, pairs: r.pairs,
        value: (p) => (span ? p.spanF1Overlap : p.cohenKappa) }) : null));
}

function reviewTable(q, projectId) {
  if (!q.items.length) return h('p', { class: 'muted' }, 'No complete items yet: items enter the review queue once k annotators have submitted.');
  return h('table', { class: 'list' },
    h('caption', {}, `${q.total} complete item${q.total === 1 ? '' : 's'}`),
    h('thead', {}, h('tr', {}, ['Article', 'Source', 'Agreement (lowest layer)', 'Annotators', 'Gold', ''].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, q.items.map((row) => h('tr', {},
      h('th', { scope: 'row' }, h('a', { href: `#/projects/${projectId}/items/${row.articleId}` }, row.title)),
      h('td', {}, row.source),
      h('td', {}, `${fmt(row.agreement)}${row.worstLayer ? ` (${row.worstLayer})` : ''}`),
      h('td', {}, row.annotators.join(', ')),
      h('td', {}, row.adjudicated ? 'yes' : 'no'),
      h('td', {}, h('a', { class: 'button small', href: `#/projects/${projectId}/items/${row.articleId}` }, 'Open'))))));
}

async function members(box, projectId) {
  const path = `/projects/${projectId}/members`;
  const names = h('input', { id: 'member-names', required: true, placeholder: 'ann1, ann2' });
  const form = h('form', { class: 'inline' }, h('label', { for: 'member-names' }, 'Add annotators (usernames, comma-separated)'), names,
    h('button', { type: 'submit', id: 'add-members' }, 'Add'));
  const list = h('div');
  const refresh = async () => {
    const page = await get(`${path}?size=1000`);
    fill(list, page.items.length ? h('ul', { class: 'members' }, page.items.map((m) => h('li', {}, `${m.username} `,
      h('button', { type: 'button', class: 'small danger', 'aria-label': `Remove ${m.username}`,
        onclick: (e) => attempt(`Removing ${m.username}`, async () => { await del(`${path}/${m.userId}`); await refresh(); }, e.currentTarget) },
      'Remove')))) : h('p', { class: 'muted' }, 'No members yet.'));
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    attempt('Adding members', async () => {
      const usernames = names.value.split(/[\s,]+/).filter(Boolean);
      const added = await post(path, { usernames });
      showInfo(`${added.added} member${added.added === 1 ? '' : 's'} added`);
      names.value = '';
      await refresh();
    }, e.submitter);
  });
  fill(box, form, list);
  await attempt('Loading the members', refresh);
}

function exports(project) {
  const base = `/projects/${project.id}/export`;
  const formats = [['jsonl', 'JSONL (one article a line)'], ['csv', 'CSV (one annotation a row)'], ['webanno', 'W3C Web Annotation (JSON-LD)'], ['conll', 'CoNLL (token BIO)']];
  const includes = ['all', 'raw', 'gold'];
  return h('div', { class: 'exports' },
    h('table', { class: 'list' }, h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Format'), includes.map((i) => h('th', { scope: 'col' }, i)))),
      h('tbody', {}, formats.map(([format, name]) => h('tr', {}, h('th', { scope: 'row' }, name), includes.map((include) => h('td', {},
        h('button', { type: 'button', class: 'small', 'data-export': `${format}-${include}`, 'aria-label': `Download ${name}, ${include}`,
          onclick: (e) => attempt('Export', async () => showInfo(`Downloaded ${await download(`${base}?format=${format}&include=${include}`, `${project.name}.${format}`)}`), e.currentTarget) },
        'Download'))))))),
    h('p', {}, h('button', { type: 'button', class: 'small', onclick: (e) => attempt('Dataset card', async () => showInfo(`Downloaded ${await download(`${base}/card?format=jsonl`, `${project.name}-card.json`)}`), e.currentTarget) },
      'Dataset card (JSON)')));
}

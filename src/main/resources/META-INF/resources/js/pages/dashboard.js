// A supervisor's project dashboard: progress, agreement per layer (with its interval; by label and by source as
// charts; the annotator-pair matrix), the review queue, members, exports. Every figure comes from the REST API.
import { get, post, del, download } from '../api.js';
import { h, fill, attempt, showInfo, messageRegion, fmt, interval, time, agreementFigure, agreementLegend, measureName } from '../ui.js';
import { barChart, pairMatrix } from '../charts.js';

export async function render(main, { projectId }) {
  const base = `/projects/${projectId}`;
  const [project, progress] = await Promise.all([get(base), get(`${base}/progress`)]);
  const agreementBox = h('div', { id: 'agreement' }, h('p', { class: 'loading' }, 'Computing agreement…'));
  const reviewBox = h('div', { id: 'review-queue' }, h('p', { class: 'loading' }, 'Loading the review queue…'));
  const membersBox = h('div', { id: 'members' });
  const exportJob = exportAsJob(project);
  fill(main,
    h('h1', {}, project.name),
    h('p', { class: 'item-meta' }, `${project.annotatorsPerItem} annotators per item · sources ${project.blindSources ? 'hidden from' : 'shown to'} annotators · access: ${project.access} · schema version ${project.schemaVersion} · `,
      h('a', { href: `#/projects/${projectId}/sources` }, 'Source report')),
    h('section', { class: 'card', 'aria-labelledby': 'progress-title' }, h('h2', { id: 'progress-title' }, 'Progress'), progressBar(progress, projectId)),
    h('section', { 'aria-labelledby': 'agreement-title' }, h('h2', { id: 'agreement-title' }, 'Agreement'), agreementBox),
    h('section', { class: 'card', 'aria-labelledby': 'review-title' }, h('h2', { id: 'review-title' }, 'Review queue (most disagreement first)'), reviewBox),
    h('div', { class: 'two' },
      h('section', { class: 'card', 'aria-labelledby': 'members-title' }, h('h2', { id: 'members-title' }, 'Members'), membersBox),
      h('section', { class: 'card', id: 'export', 'aria-labelledby': 'export-title' }, h('h2', { id: 'export-title' }, 'Export'), exports(project),
        messageRegion(), exportJob.element)));
  members(membersBox, projectId);
  get(`${base}/review-queue?size=50`).then((q) => fill(reviewBox, reviewTable(q, projectId)))
    .catch((e) => fill(reviewBox, h('p', { class: 'error', role: 'alert' }, e.message)));
  get(`${base}/agreement?ci=0.95`).then((reports) => fill(agreementBox, reports.map(layerAgreement)))
    .catch((e) => fill(agreementBox, h('p', { class: 'error', role: 'alert' }, e.message)));
  return exportJob.stop;
}

function progressBar(p, projectId) {
  // Complete: k submitted, or imported work with no live lease (docs/work.md); either way the item is in the review queue.
  const parts = [['complete', p.complete, 'Complete (ready for review)'], ['in-progress', p.inProgress, 'In progress'], ['untouched', p.untouched, 'Untouched']];
  if (!p.items) {
    return h('p', { class: 'empty', id: 'no-items' }, 'No articles in this project yet. They are added through the API ',
      `(POST /api/v1/projects/${projectId}/items, as in the README’s tour); then annotators can start.`);
  }
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
  const title = h('h3', {}, `${r.layer} `, h('span', { class: 'muted' }, `(${r.scope}, ${r.measurement}; ${r.items} items, ${r.annotators} annotators)`));
  if (!r.items) {
    return h('article', { class: 'card layer-agreement', 'data-layer': r.layer }, title,
      h('p', { class: 'empty' }, 'Nobody has submitted work on this layer yet. Its agreement appears here once two annotators have labeled the same item.'));
  }
  return h('article', { class: 'card layer-agreement', 'data-layer': r.layer }, title,
    h('p', {}, headline),
    h('div', { class: 'charts' },
      barChart({ title: `${r.layer}: ${span ? 'α_U' : 'α'} of the layer`, domain: [0, 1],
        rows: [{ label: 'all items', value: value(r), lower: ci?.lower, upper: ci?.upper }] }),
      barChart({ title: `${r.layer}: by label (${span ? 'α_U per label' : 'α of label vs rest'})`, domain: [0, 1],
        rows: r.byLabel.map((b) => ({ label: `${b.label} (${b.values})`, value: value(b) })) }),
      barChart({ title: `${r.layer}: by source`, domain: [0, 1], empty: 'No source has work on this layer yet.',
        rows: r.bySource.map((b) => ({ label: `${b.source} (${b.items})`, value: value(b) })) }),
      r.pairs.length ? pairMatrix({ title: `${r.layer}: annotator pairs (${span ? 'span F1, overlap' : "Cohen's κ"})`, pairs: r.pairs,
        value: (p) => (span ? p.spanF1Overlap : p.cohenKappa) }) : null));
}

function reviewTable(q, projectId) {
  if (!q.items.length) return h('p', { class: 'muted' }, 'No complete items yet: items enter the review queue once k annotators have submitted.');
  const worst = (row) => row.layers?.find((l) => l.layer === row.worstLayer);
  return [h('table', { class: 'list', id: 'review-table', 'aria-describedby': 'agreement-legend' },
    h('caption', {}, `${q.total} complete item${q.total === 1 ? '' : 's'}`),
    h('thead', {}, h('tr', {}, ['Article', 'Source', 'Agreement (lowest layer)', 'Annotators', 'Gold', ''].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, q.items.map((row) => h('tr', {},
      h('th', { scope: 'row' }, h('a', { href: `#/projects/${projectId}/items/${row.articleId}` }, row.title)),
      h('td', {}, row.source),
      h('td', { class: 'agreement' }, agreementFigure(row.agreement, worst(row)?.measure),
        row.worstLayer ? ` on ${row.worstLayer} (${measureName(worst(row)?.measure)})` : ''),
      h('td', {}, row.annotators.join(', ')),
      h('td', {}, row.adjudicated ? 'yes' : 'no'),
      h('td', {}, h('a', { class: 'button small', href: `#/projects/${projectId}/items/${row.articleId}`, 'aria-label': `Open ${row.title}` }, 'Open')))))),
  agreementLegend()];
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
      showInfo(`${added.added} member${added.added === 1 ? '' : 's'} added`, list);
      names.value = '';
      await refresh();
    }, e.submitter);
  });
  fill(box, form, messageRegion(), list);
  await attempt('Loading the members', refresh);
}

const FORMATS = [['jsonl', 'JSONL (one article a line)'], ['csv', 'CSV (one annotation a row)'], ['webanno', 'W3C Web Annotation (JSON-LD)'], ['conll', 'CoNLL (token BIO)']];
const INCLUDES = [['all', 'all: annotators\' work and gold'], ['raw', 'raw: annotators\' work only'], ['gold', 'gold: adjudicated only']];

function exports(project) {
  const base = `/projects/${project.id}/export`;
  const includes = INCLUDES.map(([include]) => include);
  return h('div', { class: 'exports' },
    h('table', { class: 'list' }, h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Format'), includes.map((i) => h('th', { scope: 'col' }, i)))),
      h('tbody', {}, FORMATS.map(([format, name]) => h('tr', {}, h('th', { scope: 'row' }, name), includes.map((include) => h('td', {},
        h('button', { type: 'button', class: 'small', 'data-export': `${format}-${include}`, 'aria-label': `Download ${name}, ${include}`,
          onclick: (e) => saveFile('Export', `${base}?format=${format}&include=${include}`, `${project.name}.${format}`, e.currentTarget) },
        'Download'))))))),
    h('p', {}, h('button', { type: 'button', class: 'small', id: 'download-card',
      onclick: (e) => saveFile('Dataset card', `${base}/card?format=jsonl`, `${project.name}-card.json`, e.currentTarget) },
    'Dataset card (JSON)')));
}

/** Downloads a file and says so next to the control that asked for it (the export card's message region). */
function saveFile(context, path, fallbackName, control) {
  return attempt(context, async () => showInfo(`Downloaded ${await download(path, fallbackName)}`, control), control);
}

/**
 * The same export as a background job (POST …/exports), for projects too large to download while the page waits:
 * the service writes the file, this panel asks how far it got every second (GET /jobs/{id}?wait=1: the service answers
 * after a second, or at once when the job ends) and offers the file as soon as it is ready. Returns the panel and a function that stops asking (the router calls it when the page is left).
 */
function exportAsJob(project) {
  let timer = null;
  let following = null; // the job this panel follows; another start, or leaving the page, ends the following
  const stop = () => {
    following = null;
    clearTimeout(timer);
  };
  const format = h('select', { id: 'job-format' }, FORMATS.map(([value, name]) => h('option', { value }, name)));
  const include = h('select', { id: 'job-include' }, INCLUDES.map(([value, name]) => h('option', { value }, name)));
  const status = h('div', { id: 'export-job', class: 'export-job', 'aria-live': 'polite' });
  const form = h('form', { class: 'inline' },
    h('div', {}, h('label', { for: 'job-format' }, 'Format'), format),
    h('div', {}, h('label', { for: 'job-include' }, 'What to include'), include),
    h('button', { type: 'submit', id: 'start-export-job' }, 'Start export job'));
  const follow = async (jobId) => {
    let job;
    try {
      job = await get(`/jobs/${jobId}?wait=1`);
    } catch (e) {
      if (following === jobId) fill(status, h('p', { class: 'error', role: 'alert' }, `Could not ask how the export is going: ${e.message}`));
      return;
    }
    if (following !== jobId) return;
    fill(status, jobStatus(job));
    // The wait above is the second between two looks; the pause here only keeps a server that answers at once from
    // being asked in a tight loop.
    if (job.state === 'queued' || job.state === 'running') timer = setTimeout(() => follow(jobId), 50);
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    attempt('Starting the export job', async () => {
      stop();
      const started = await post(`/projects/${project.id}/exports`, { format: format.value, include: include.value });
      following = started.jobId;
      fill(status, h('p', {}, 'Export job started…'));
      await follow(started.jobId);
    }, e.submitter);
  });
  const element = h('div', { class: 'export-as-job' },
    h('h3', {}, 'Large project? Export in the background'),
    h('p', { class: 'hint' }, 'The service writes the file in the background. Stay on this page to see how far it has got; ',
      'a download link appears here when the file is ready.'),
    form, status);
  return { element, stop };
}

/** What a person needs to know about an export job: waiting, how far along, the file, or why it failed. */
function jobStatus(job) {
  if (job.state === 'queued') {
    return h('p', { 'data-state': 'queued' }, 'Waiting to start: the service writes only a few exports at a time.');
  }
  if (job.state === 'running') {
    const known = job.total !== null && job.total !== undefined && job.total > 0;
    const share = known ? Math.floor((100 * job.done) / job.total) : null;
    return h('div', { 'data-state': 'running' },
      known ? h('progress', { max: job.total, value: job.done }, `${share}%`) : null,
      h('p', { id: 'export-job-progress' }, known
        ? `Writing the file: ${job.done.toLocaleString()} of ${job.total.toLocaleString()} ${job.unit} (${share}%).`
        : `Writing the file: ${job.done.toLocaleString()} ${job.unit} so far.`));
  }
  if (job.state === 'failed') {
    return h('p', { class: 'error', role: 'alert', 'data-state': 'failed' },
      `The export failed: ${job.error || 'the service gave no reason'}. No file was made; you can start it again.`);
  }
  const r = job.result;
  if (r.expired) {
    return h('p', { 'data-state': 'expired' }, 'This export\'s file has been removed (files are kept for a limited time). Start the job again.');
  }
  const link = h('a', { href: r.url, id: 'export-job-download', class: 'button primary',
    onclick: (e) => {
      e.preventDefault();
      saveFile('Download', `/jobs/${job.id}/result`, r.filename, e.currentTarget);
    } }, `Download ${r.filename}`);
  return h('div', { 'data-state': 'done' },
    h('p', {}, `Ready: ${job.done.toLocaleString()} ${job.unit}, ${size(r.bytes)}. `, link),
    h('p', { class: 'hint' }, `The file is kept until ${time(r.expiresAt)}; after that, start the job again.`));
}

function size(bytes) {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

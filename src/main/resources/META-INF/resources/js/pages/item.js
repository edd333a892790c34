// One item for a supervisor: every annotator's spans in aligned lanes over the text and their document labels,
// and the gold made from them (take one annotator's version of a cluster, take the majority, edit, note), saved
// through the adjudication endpoint.
import { get, post } from '../api.js';
import { Offsets } from '../offsets.js';
import { wrap } from '../charts.js';
import { h, fill, attempt, showInfo, messageRegion, fmt, hue, time, agreementFigure, agreementLegend, measureName } from '../ui.js';

const CONTEXT = 40;
/** A cluster's kind (docs/review.md, "Disagreement report") in words. */
const KINDS = { missing: 'not marked by everyone', boundary: 'marked by everyone, with different extents',
  label: 'same extent, different labels', agreed: 'everyone agrees' };

export async function render(main, { projectId, articleId }) {
  const base = `/projects/${projectId}/items/${articleId}`;
  const [report, article, project, history] = await Promise.all([
    get(`${base}/disagreements`), get(`/articles/${articleId}`), get(`/projects/${projectId}`),
    get(`${base}/adjudication/history?size=1`)]);
  const current = history.items.find((g) => g.current) || null;
  const page = { base, report, project, offsets: new Offsets(article.text), drafts: new Map(), current,
    gold: current ? current.annotations.map((a) => ({ ...a })) : [], main };
  draw(page);
  return null;
}

function draw(page) {
  const { report, main } = page;
  fill(main,
    h('h1', {}, report.title),
    h('p', { class: 'item-meta' }, `Source: ${report.source} · annotators: ${report.annotators.join(', ')} · `,
      report.complete ? 'complete' : 'not yet complete', ' · ', page.current ? `gold version ${page.current.version} by ${page.current.adjudicator}, ${time(page.current.createdAt)}` : 'no gold yet',
      ' · ', h('a', { href: `#/projects/${page.project.id}` }, 'Back to the dashboard')),
    agreementLegend({ open: report.layers.some((l) => l.agreement === null || l.agreement < 0) }),
    report.layers.map((layer) => (layer.scope === 'span' ? spanLayer(page, layer) : documentLayer(page, layer))),
    goldEditor(page));
}

/** Gold as a starting point would make it (`majority`, `annotator:<name>`), fetched once per item. */
async function draft(page, from) {
  if (!page.drafts.has(from)) page.drafts.set(from, (await get(`${page.base}/adjudication/draft?from=${encodeURIComponent(from)}`)).annotations);
  return page.drafts.get(from);
}

const overlaps = (a, c) => a.start < c.end && a.end > c.start;
const isSpan = (a) => a.start !== null && a.start !== undefined;

/** Replaces the gold of one layer inside a cluster's extent with the chosen version of it. */
async function takeCluster(page, layer, cluster, from, index) {
  const version = (await draft(page, from)).filter((a) => a.layer === layer.layer && isSpan(a) && overlaps(a, cluster));
  page.gold = page.gold.filter((a) => !(a.layer === layer.layer && isSpan(a) && overlaps(a, cluster))).concat(version.map((a) => ({ ...a })));
  draw(page);
  showInfo(`Gold for ${layer.layer} ${cluster.start}–${cluster.end}: ${from === 'majority' ? 'the majority' : from.slice('annotator:'.length)}'s version. `
    + 'Not saved yet: “Save gold” at the bottom of the page stores it.',
  page.main.querySelector(`section[data-layer="${CSS.escape(layer.layer)}"] [data-cluster="${index}"] .lanes`));
}

async function takeDocument(page, layer, from) {
  const version = (await draft(page, from)).filter((a) => a.layer === layer.layer && !isSpan(a));
  page.gold = page.gold.filter((a) => !(a.layer === layer.layer && !isSpan(a))).concat(version.map((a) => ({ ...a })));
  draw(page);
}

function spanLayer(page, layer) {
  const length = page.offsets.length || 1;
  const lanes = [...page.report.annotators.map((name) => ({ name, spans: layer.clusters.flatMap((c) => c.spans.filter((s) => s.annotator === name)) })),
    { name: 'gold (draft)', spans: page.gold.filter((a) => a.layer === layer.layer && isSpan(a)), gold: true }];
  const width = 720;
  const overview = h('svg:svg', { viewBox: `0 0 ${width + 130} ${lanes.length * 22 + 8}`, class: 'lanes-overview', role: 'img',
    'aria-label': `${layer.layer}: where each annotator marked spans along the text (lanes: ${lanes.map((l) => l.name).join(', ')})` },
  lanes.map((lane, i) => h('svg:g', { class: lane.gold ? 'lane gold' : 'lane' },
    h('svg:text', { x: 124, y: i * 22 + 19, 'text-anchor': 'end', class: 'label' }, h('svg:title', {}, lane.name), wrap(lane.name, 17, 1)[0]),
    h('svg:rect', { x: 130, y: i * 22 + 6, width, height: 16, class: 'track' }),
    lane.spans.map((s) => h('svg:rect', { x: 130 + (s.start / length) * width, y: i * 22 + 6, width: Math.max(2, ((s.end - s.start) / length) * width), height: 16,
      class: `mark ${hue(s.label)}` }, h('svg:title', {}, `${lane.name}: ${s.label} “${s.quote}” ${s.start}–${s.end}`))))));
  return h('section', { class: 'card', 'aria-labelledby': `layer-${layer.layer}`, 'data-layer': layer.layer },
    h('h2', { id: `layer-${layer.layer}` }, `${layer.layer} `, h('span', { class: 'muted' }, '(span layer; agreement on this item: ',
      `${measureName(layer.measure)} `, agreementFigure(layer.agreement, layer.measure), `, with exact boundaries only ${fmt(layer.spanF1Exact)})`)),
    overview,
    layer.clusters.length === 0 ? h('p', { class: 'muted' }, 'Nobody marked a span on this layer.') :
      h('ol', { class: 'clusters' }, layer.clusters.map((c, i) => clusterView(page, layer, c, i))));
}

function clusterView(page, layer, c, index) {
  const from = Math.max(0, c.start - CONTEXT);
  const to = Math.min(page.offsets.length, c.end + CONTEXT);
  const who = [...new Set(c.spans.map((s) => s.annotator))];
  const goldHere = page.gold.filter((a) => a.layer === layer.layer && isSpan(a) && overlaps(a, c));
  const row = (name, spans, actions, cls = '') => h('tr', { class: cls },
    h('th', { scope: 'row' }, name),
    h('td', { class: 'excerpt' }, excerpt(page.offsets, from, to, spans)),
    h('td', {}, spans.map((s) => h('span', { class: `tag ${hue(s.label)}` }, `${s.label} ${s.start}–${s.end}`)), actions));
  return h('li', { class: `cluster kind-${c.kind}`, 'data-cluster': index },
    h('h3', {}, `${c.start}–${c.end}: ${KINDS[c.kind] || c.kind}`, c.missing.length ? h('span', { class: 'muted' }, ` (nothing marked here by ${c.missing.join(', ')})`) : null),
    h('table', { class: 'lanes' },
      h('caption', { class: 'visually-hidden' }, `Cluster ${c.start}–${c.end} of ${layer.layer}, one lane per annotator`),
      h('tbody', {},
        page.report.annotators.map((name) => row(name, c.spans.filter((s) => s.annotator === name),
          h('button', { type: 'button', class: 'small', 'data-take': name, 'aria-label': `Take ${name}'s version of ${c.start}–${c.end}`,
            onclick: (e) => attempt(`Taking ${name}'s version`, () => takeCluster(page, layer, c, `annotator:${name}`, index), e.currentTarget) },
          who.includes(name) ? `Take ${name}` : `Take ${name} (nothing)`))),
        row('gold (draft)', goldHere, h('button', { type: 'button', class: 'small', 'data-take': 'majority', 'aria-label': `Take the majority for ${c.start}–${c.end}`,
          onclick: (e) => attempt('Taking the majority', () => takeCluster(page, layer, c, 'majority', index), e.currentTarget) }, 'Take majority'), 'gold'))),
    messageRegion());
}

/** The text from..to (code points) with the given spans highlighted; line breaks shown as ↵ to keep lanes aligned. */
function excerpt(offsets, from, to, spans) {
  const cuts = [...new Set([from, to, ...spans.flatMap((s) => [Math.max(from, s.start), Math.min(to, s.end)])])].sort((a, b) => a - b);
  const out = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const [a, b] = [cuts[i], cuts[i + 1]];
    const piece = offsets.slice(a, b).replace(/\r\n|\r|\n/g, '↵');
    const over = spans.find((s) => s.start <= a && s.end >= b);
    out.push(over ? h('mark', { class: hue(over.label) }, piece) : piece);
  }
  return out;
}

function documentLayer(page, layer) {
  const counts = new Map();
  layer.labels.forEach((l) => counts.set(l.label, (counts.get(l.label) || []).concat(l.annotator)));
  const gold = page.gold.find((a) => a.layer === layer.layer && !isSpan(a));
  return h('section', { class: 'card', 'aria-labelledby': `layer-${layer.layer}`, 'data-layer': layer.layer },
    h('h2', { id: `layer-${layer.layer}` }, `${layer.layer} `, h('span', { class: 'muted' }, '(document layer; agreement on this item: ',
      `${measureName(layer.measure)} `, agreementFigure(layer.agreement, layer.measure), ')')),
    h('table', { class: 'list' }, h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Annotator'), h('th', { scope: 'col' }, 'Label'), h('th', { scope: 'col' }, ''))),
      h('tbody', {}, layer.labels.map((l) => h('tr', {}, h('th', { scope: 'row' }, l.annotator), h('td', {}, h('span', { class: `tag ${hue(l.label)}` }, l.label)),
        h('td', {}, h('button', { type: 'button', class: 'small', 'aria-label': `Take ${l.annotator}'s ${layer.layer} label`,
          onclick: (e) => attempt('Taking the label', () => takeDocument(page, layer, `annotator:${l.annotator}`), e.currentTarget) }, 'Take')))),
      layer.unlabeled.map((name) => h('tr', {}, h('th', { scope: 'row' }, name), h('td', { class: 'muted' }, 'no label'), h('td'))))),
    h('p', {}, 'Gold: ', gold ? h('span', { class: `tag ${hue(gold.label)}` }, gold.label) : h('span', { class: 'muted' }, 'none'), ' ',
      h('button', { type: 'button', class: 'small', onclick: (e) => attempt('Taking the majority', () => takeDocument(page, layer, 'majority'), e.currentTarget) },
        `Take majority (${[...counts.entries()].map(([k, v]) => `${k} ×${v.length}`).join(', ') || 'none'})`)));
}

function goldEditor(page) {
  const note = h('textarea', { id: 'gold-note', rows: 3 }, page.current?.note || '');
  const layers = new Map(page.project.layers.map((l) => [l.name, l]));
  const rows = page.gold.map((a, i) => {
    const id = `gold-${i}`;
    const layer = layers.get(a.layer);
    const label = h('select', { id: `${id}-label`, onchange: (e) => { a.label = e.target.value; } },
      (layer?.labels || []).map((l) => h('option', { value: l.value, selected: l.value === a.label }, l.value)));
    const quote = h('q', {}, a.quote || '');
    const bound = (field) => h('input', { id: `${id}-${field}`, type: 'number', min: 0, max: page.offsets.length, value: a[field],
      onchange: (e) => {
        a[field] = Number(e.target.value);
        if (Number.isInteger(a.start) && Number.isInteger(a.end) && a.start < a.end && a.end <= page.offsets.length) {
          a.quote = page.offsets.slice(a.start, a.end);
          quote.textContent = a.quote;
        } else quote.textContent = '(offsets out of range)';
      } });
    return h('tr', {},
      h('th', { scope: 'row' }, a.layer),
      h('td', {}, h('label', { for: `${id}-label`, class: 'visually-hidden' }, `Label of gold ${i + 1}`), label),
      h('td', {}, isSpan(a) ? [h('label', { for: `${id}-start`, class: 'visually-hidden' }, `Start of gold ${i + 1}`), bound('start'), ' – ',
        h('label', { for: `${id}-end`, class: 'visually-hidden' }, `End of gold ${i + 1}`), bound('end')] : 'document'),
      h('td', {}, isSpan(a) ? quote : ''),
      h('td', {}, h('button', { type: 'button', class: 'small danger', 'aria-label': `Remove gold ${i + 1}`,
        onclick: () => { page.gold.splice(i, 1); draw(page); } }, 'Remove')));
  });
  const save = h('button', { type: 'button', id: 'save-gold', class: 'primary', onclick: (e) => attempt('Saving the gold', async () => {
    const gold = await post(`${page.base}/adjudication`, { note: note.value.trim() || null,
      annotations: page.gold.map(({ layer, label, start, end, quote, attributes }) => ({ layer, label, start, end, quote, attributes })) });
    page.current = gold;
    page.gold = gold.annotations.map((a) => ({ ...a }));
    draw(page);
    showInfo(`Gold version ${gold.version} saved`, page.main.querySelector('#save-gold'));
  }, e.currentTarget) }, 'Save gold');
  return h('section', { class: 'card gold-editor', 'aria-labelledby': 'gold-title' },
    h('h2', { id: 'gold-title' }, 'Gold for this item'),
    page.gold.length ? h('table', { class: 'list', id: 'gold-draft' },
      h('thead', {}, h('tr', {}, ['Layer', 'Label', 'Offsets (code points)', 'Quote', ''].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, rows)) : h('p', { class: 'muted', id: 'gold-draft' }, 'Empty: take an annotator\'s version or the majority above.'),
    h('label', { for: 'gold-note' }, 'Note'), note,
    h('div', { class: 'actions' }, save), messageRegion());
}

// The annotator's page: the next item of a project, its text, the label palette, my annotations, skip and submit.
// Offsets sent to the API count code points on the stored text (Offsets converts from the browser's UTF-16).
import { api, get, post, put, del } from '../api.js';
import { Offsets } from '../offsets.js';
import { h, fill, attempt, keepFocus, showError, showInfo, markdown, hue, time } from '../ui.js';

export async function render(main, { projectId }) {
  const page = new AnnotatePage(main, projectId);
  await page.next();
  return () => page.stop();
}

const DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'];

// Time on task: the server counts the gaps between heartbeats that are at most its heartbeat interval (60 s by
// default). The page beats every 45 s, but only while it is visible and the rater has used it in the last two
// minutes (reading counts as use until then), so an item left open in a background tab adds no active time.
const HEARTBEAT_MS = 45000;
const IDLE_AFTER_MS = 120000;
let lastUse = Date.now();
for (const type of ['keydown', 'pointerdown', 'pointermove', 'wheel', 'scroll', 'selectionchange']) {
  document.addEventListener(type, () => { lastUse = Date.now(); }, { capture: true, passive: true });
}
const inUse = () => document.visibilityState === 'visible' && Date.now() - lastUse <= IDLE_AFTER_MS;

class AnnotatePage {
  constructor(main, projectId) {
    this.main = main;
    this.projectId = projectId;
    this.timers = [];
    this.onKey = (e) => this.key(e);
    document.addEventListener('keydown', this.onKey);
  }

  stop() {
    this.timers.forEach(clearInterval);
    this.timers = [];
    document.removeEventListener('keydown', this.onKey);
  }

  /** Claims (or resumes) the next item: queue/next is idempotent while a lease is live. False when none is left. */
  async next() {
    this.timers.forEach(clearInterval);
    this.timers = [];
    const claim = await post(`/projects/${this.projectId}/queue/next`);
    if (!claim) {
      await this.nothingLeft();
      return false;
    }
    this.claim = claim;
    this.offsets = new Offsets(claim.article.text);
    this.layers = claim.layers;
    this.spanLayers = this.layers.filter((l) => l.scope === 'span');
    this.layer = this.spanLayers[0] || null;
    this.armed = null;
    this.selection = null;
    this.expired = false;
    this.annotations = [];
    this.roundOne = null;
    this.build();
    await this.reload();
    this.startLease();
    return true;
  }

  async nothingLeft() {
    const schema = await get(`/projects/${this.projectId}/schema`);
    fill(this.main, h('h1', {}, schema.name),
      h('p', { id: 'queue-empty', class: 'empty' }, 'Nothing is left for you in this project. Thank you!'),
      h('p', {}, `You submitted ${schema.progress.submitted} item${schema.progress.submitted === 1 ? '' : 's'}.`),
      h('p', {}, h('a', { href: '#/' }, 'Back to my projects')));
  }

  keysOf(layer) {
    const used = new Set(layer.labels.map((l) => l.key).filter(Boolean));
    const free = DIGITS.filter((d) => !used.has(d));
    return layer.labels.map((l) => l.key || free.shift() || null);
  }

  build() {
    const { article } = this.claim;
    // Not aria-live: a countdown announced every second would drown everything else; running out is an alert.
    this.leaseBox = h('p', { class: 'lease', id: 'lease',
      title: 'This item is kept for you while this page is open. If the time runs out (the page was closed or left idle), it goes back to the queue.' });
    this.textBox = h('div', { id: 'article-text', class: 'article-text', 'aria-label': 'Article text: select words to mark a span' });
    this.textBox.addEventListener('mouseup', () => this.readSelection());
    this.textBox.addEventListener('keyup', () => this.readSelection());
    this.selectionBox = h('div', { class: 'selection', id: 'selection', 'aria-live': 'polite' });
    this.paletteBox = h('div', { class: 'palette', id: 'palette' });
    this.attributesBox = h('div', { class: 'attributes' });
    this.listBox = h('div', { id: 'my-annotations' });
    this.documentBox = h('div', { id: 'document-labels' });
    this.guidelines = this.guidelinesDialog();

    const layerChooser = this.spanLayers.length > 1
      ? h('div', { class: 'field' }, h('label', { for: 'span-layer' }, 'Span layer'),
        h('select', { id: 'span-layer', onchange: (e) => this.chooseLayer(e.target.value) },
          this.spanLayers.map((l) => h('option', { value: l.name }, l.name))))
      : null;

    fill(this.main,
      h('h1', {}, article.title),
      h('div', { class: 'item-meta' },
        h('span', {}, article.source ? `Source: ${article.source.name}${article.source.domain ? ` (${article.source.domain})` : ''}` : 'Source hidden (blind project)'),
        h('span', {}, `${article.length} characters`),
        this.leaseBox,
        h('button', { type: 'button', id: 'open-guidelines', onclick: () => this.openGuidelines(), 'aria-keyshortcuts': '?' }, 'Guidelines (?)')),
      this.guidelines,
      h('div', { class: 'annotate' },
        h('section', { class: 'text-column', 'aria-labelledby': 'text-title' },
          h('h2', { id: 'text-title', class: 'visually-hidden' }, 'Text and labels'),
          this.spanLayers.length ? h('div', { class: 'card tools' }, layerChooser, this.paletteBox, this.attributesBox, this.selectionBox) : null,
          this.textBox),
        h('aside', { class: 'side-column', 'aria-labelledby': 'mine-title' },
          this.claim.round === 2 ? this.othersPanel() : null,
          this.layers.some((l) => l.scope === 'document') ? h('section', { class: 'card' }, h('h2', {}, 'Document labels'), this.documentBox) : null,
          h('section', { class: 'card' }, h('h2', { id: 'mine-title' }, 'My annotations'), this.listBox),
          h('div', { class: 'card actions' },
            h('button', { type: 'button', id: 'skip', onclick: (e) => this.finish('skip', e.target) },
              this.claim.round === 2 ? 'Skip round 2 (round 1 stands)' : 'Skip this item'),
            h('button', { type: 'button', id: 'submit', class: 'primary', onclick: (e) => this.finish('submit', e.target) },
              this.claim.round === 2 ? 'Keep my judgement' : 'Submit')))));
    this.renderPalette();
    this.renderSelection();
  }

  /**
   * Round 2 of a two-round project: the other raters' round-1 judgements, read-only and without names ("rater A"…),
   * their quotes as this rater sees the text (masked in a blind project). The rater's own round-1 judgement is
   * already filled in below: submitting it unchanged keeps it, editing it first revises it.
   */
  othersPanel() {
    const describe = (n) => (n.start === null || n.start === undefined
      ? h('li', {}, h('span', { class: 'layer-name' }, `${n.layer}: `), h('strong', {}, n.label))
      : h('li', {}, h('span', { class: 'layer-name' }, `${n.layer}: `), h('strong', {}, n.label), ` — “${n.quote}” `,
        h('span', { class: 'muted' }, `(${n.start}–${n.end})`)));
    return h('section', { class: 'card', id: 'round-two', 'aria-labelledby': 'others-title' },
      h('h2', { id: 'others-title' }, 'Round 2: the other raters’ judgements'),
      h('p', { class: 'hint' }, 'Your round-1 judgement is filled in below. Keep it as it is, or revise it, then submit. ',
        'Your round 1 is kept either way.'),
      this.claim.others.length ? this.claim.others.map((o) => h('div', { class: 'other-rater', 'data-rater': o.rater },
        h('h3', {}, o.rater),
        o.annotations.length ? h('ul', {}, o.annotations.map(describe)) : h('p', { class: 'muted' }, 'Marked nothing.')))
        : h('p', { class: 'muted' }, 'No other rater’s judgement.'));
  }

  guidelinesDialog() {
    const dialog = h('dialog', { id: 'guidelines', 'aria-labelledby': 'guidelines-title' },
      h('h2', { id: 'guidelines-title', tabindex: -1 }, 'Guidelines'),
      this.layers.map((l) => h('section', { 'data-layer': l.name },
        h('h3', {}, `${l.name} (${l.scope}, ${l.measurement})`),
        l.guidelines ? markdown(l.guidelines) : h('p', { class: 'muted' }, 'No guidelines for this layer.'),
        h('dl', { class: 'label-descriptions' }, l.labels.flatMap((label) => [h('dt', {}, label.value),
          h('dd', {}, label.description || '—')])))),
      h('form', { method: 'dialog' }, h('button', { type: 'submit', id: 'close-guidelines' }, 'Close')));
    return dialog;
  }

  /** Opens the codebook at its top, with the current layer's section in view. */
  openGuidelines() {
    this.guidelines.showModal();
    const section = this.layer && this.guidelines.querySelector(`[data-layer="${this.layer.name}"]`);
    this.guidelines.querySelector('h2').focus();
    (section || this.guidelines).scrollIntoView({ block: 'start' });
  }

  chooseLayer(name) {
    this.layer = this.spanLayers.find((l) => l.name === name);
    this.armed = null;
    this.renderPalette();
  }

  renderPalette() {
    if (!this.layer) return;
    const keys = this.keysOf(this.layer);
    fill(this.paletteBox,
      h('p', { class: 'hint', id: 'palette-hint' }, 'Select words in the text, then choose a label (click or key). ',
        'Or choose a label first: each selection then becomes a span with it.'),
      h('div', { role: 'group', 'aria-label': `Labels of ${this.layer.name}`, class: 'label-buttons' },
        this.layer.labels.map((label, i) => h('button', {
          type: 'button', class: `label-button ${hue(label.value)}`, 'data-label': label.value,
          'aria-pressed': this.armed === label.value ? 'true' : 'false',
          'aria-keyshortcuts': keys[i] || null, title: label.description || null,
          onclick: (e) => this.pick(label.value, e.currentTarget),
        }, keys[i] ? h('kbd', {}, keys[i]) : null, ` ${label.value}`))));
    fill(this.attributesBox, this.layer.attributes.length ? h('details', {},
      h('summary', {}, `Attributes for new ${this.layer.name} spans (optional): ${this.layer.attributes.map((a) => a.name).join(', ')}`),
      this.layer.attributes.map((a) => attributeField(a, `new-attr-${a.name}`, undefined))) : null);
  }

  /** A label was chosen: with a selection, mark it now; without, arm it for the next selection. */
  pick(label, button) {
    if (this.expired) return showError(new Error('The lease on this item ran out; get the next item.'));
    if (this.selection) return attempt('Marking the span', () => this.createSpan(label), button);
    this.armed = this.armed === label ? null : label;
    keepFocus(() => this.renderPalette());
    return undefined;
  }

  key(e) {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.target.closest && e.target.closest('input, textarea, select, dialog')) return;
    if (e.key === '?') {
      e.preventDefault();
      this.openGuidelines();
      return;
    }
    if (!this.layer || !this.claim) return;
    const keys = this.keysOf(this.layer);
    const i = keys.indexOf(e.key);
    if (i >= 0) {
      e.preventDefault();
      this.pick(this.layer.labels[i].value);
    }
  }

  /** The current text selection as code point offsets on the stored text, whitespace at its edges left out. */
  readSelection() {
    const sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return;
    const range = sel.getRangeAt(0);
    if (!this.textBox.contains(range.startContainer) || !this.textBox.contains(range.endContainer)) return;
    const at = (node, offset) => {
      const before = document.createRange();
      before.selectNodeContents(this.textBox);
      before.setEnd(node, offset);
      return before.toString().length;
    };
    const text = this.claim.article.text;
    let from = at(range.startContainer, range.startOffset);
    let to = at(range.endContainer, range.endOffset);
    while (from < to && /\s/.test(text[from])) from++;
    while (to > from && /\s/.test(text[to - 1])) to--;
    if (from >= to) return;
    this.setSelection(this.offsets.toCodePoint(from, 'start'), this.offsets.toCodePoint(to, 'end'));
    if (this.armed) attempt('Marking the span', () => this.createSpan(this.armed));
  }

  setSelection(start, end) {
    this.selection = start < end ? { start, end, quote: this.offsets.slice(start, end) } : null;
    this.renderSelection();
  }

  renderSelection() {
    const s = this.selection;
    const start = h('input', { id: 'sel-start', type: 'number', min: 0, max: this.offsets.length, value: s ? s.start : '', inputmode: 'numeric' });
    const end = h('input', { id: 'sel-end', type: 'number', min: 0, max: this.offsets.length, value: s ? s.end : '', inputmode: 'numeric' });
    const apply = () => {
      const a = Number(start.value);
      const b = Number(end.value);
      if (Number.isInteger(a) && Number.isInteger(b) && a >= 0 && a < b && b <= this.offsets.length) this.setSelection(a, b);
      else showError(new Error(`Offsets must satisfy 0 ≤ start < end ≤ ${this.offsets.length} (code points).`));
    };
    fill(this.selectionBox,
      h('p', {}, s ? [h('span', { class: 'muted' }, 'Selected: '), h('q', { id: 'selected-quote' }, s.quote), ` (${s.start}–${s.end})`]
        : h('span', { class: 'muted' }, 'Nothing selected.')),
      h('details', {}, h('summary', {}, 'Select by offsets (keyboard)'),
        h('div', { class: 'inline' }, h('label', { for: 'sel-start' }, 'Start'), start, h('label', { for: 'sel-end' }, 'End'), end,
          h('button', { type: 'button', onclick: apply }, 'Select'))));
  }

  async createSpan(label) {
    const s = this.selection;
    const attributes = readAttributes(this.layer.attributes, 'new-attr-');
    await post(`/assignments/${this.claim.assignmentId}/annotations`,
      { layer: this.layer.name, label, start: s.start, end: s.end, quote: s.quote, attributes });
    this.selection = null;
    window.getSelection()?.removeAllRanges();
    this.renderSelection();
    await this.reload();
  }

  async reload() {
    const page = await get(`/assignments/${this.claim.assignmentId}/annotations?size=1000`);
    this.annotations = page.items;
    // Round 2: compared with the copy of round 1 it started from, so the button says whether this keeps or revises.
    const judgement = JSON.stringify(this.annotations.map((a) => [a.layer, a.label, a.start, a.end, a.attributes]));
    if (this.roundOne === null) this.roundOne = judgement;
    if (this.claim.round === 2) {
      const submit = this.main.querySelector('#submit');
      if (submit) submit.textContent = judgement === this.roundOne ? 'Keep my judgement' : 'Submit revision';
    }
    this.renderText();
    this.renderList();
    this.renderDocumentLabels();
  }

  renderText() {
    const text = this.claim.article.text;
    const spans = this.annotations.filter((a) => a.start !== null && a.start !== undefined)
      .map((a) => ({ ...a, from: this.offsets.toUtf16(a.start), to: this.offsets.toUtf16(a.end) }));
    const cuts = [...new Set([0, text.length, ...spans.flatMap((s) => [s.from, s.to])])].sort((a, b) => a - b);
    const nodes = [];
    for (let i = 0; i + 1 < cuts.length; i++) {
      const [a, b] = [cuts[i], cuts[i + 1]];
      const over = spans.filter((s) => s.from <= a && s.to >= b);
      const piece = text.slice(a, b);
      if (!over.length) nodes.push(piece);
      else {
        nodes.push(h('mark', { class: `${hue(over[0].label)}${over.length > 1 ? ' stacked' : ''}`, 'data-ids': over.map((s) => s.id).join(' '),
          title: over.map((s) => `${s.layer}: ${s.label}`).join('; ') }, piece));
      }
    }
    fill(this.textBox, nodes);
  }

  renderDocumentLabels() {
    fill(this.documentBox, this.layers.filter((l) => l.scope === 'document').map((layer) => {
      const mine = this.annotations.find((a) => a.layer === layer.name && (a.start === null || a.start === undefined));
      return h('div', { role: 'group', 'aria-labelledby': `doc-${layer.name}`, class: 'doc-layer' },
        h('h3', { id: `doc-${layer.name}` }, layer.name),
        h('div', { class: 'label-buttons' }, layer.labels.map((label) => h('button', {
          type: 'button', class: `label-button ${hue(label.value)}`, 'data-layer': layer.name, 'data-label': label.value,
          'aria-pressed': mine?.label === label.value ? 'true' : 'false', title: label.description || null,
          onclick: (e) => attempt(`Labeling ${layer.name}`, async () => {
            await post(`/assignments/${this.claim.assignmentId}/annotations`, { layer: layer.name, label: label.value });
            await this.reload();
          }, e.currentTarget),
        }, label.value))));
    }));
  }

  renderList() {
    const spans = this.annotations;
    if (!spans.length) {
      fill(this.listBox, h('p', { class: 'muted' }, 'None yet.'));
      return;
    }
    fill(this.listBox, h('ul', { class: 'annotation-list' }, spans.map((a) => this.listItem(a))));
  }

  listItem(a) {
    const layer = this.layers.find((l) => l.name === a.layer);
    const li = h('li', { 'data-annotation': a.id });
    const show = () => fill(li,
      h('div', {}, h('span', { class: `tag ${hue(a.label)}` }, a.label), ' ', h('span', { class: 'muted' }, a.layer),
        a.start !== null && a.start !== undefined ? [' ', h('q', {}, a.quote), h('span', { class: 'muted' }, ` ${a.start}–${a.end}`)] : null),
      Object.keys(a.attributes || {}).length ? h('div', { class: 'muted' }, Object.entries(a.attributes).map(([k, v]) => `${k}: ${v}`).join(', ')) : null,
      h('div', { class: 'row-actions' },
        h('button', { type: 'button', class: 'small', onclick: () => edit(), 'aria-label': `Edit ${a.layer} ${a.label}` }, 'Edit'),
        h('button', { type: 'button', class: 'small danger', 'aria-label': `Delete ${a.layer} ${a.label}`,
          onclick: (e) => attempt('Deleting', async () => {
            await del(`/annotations/${a.id}`, { 'If-Match': String(a.version) });
            await this.reload();
          }, e.currentTarget) }, 'Delete')));
    const edit = () => {
      const id = `edit-${a.id}`;
      const label = h('select', { id: `${id}-label` }, layer.labels.map((l) => h('option', { value: l.value, selected: l.value === a.label }, l.value)));
      const isSpan = a.start !== null && a.start !== undefined;
      const start = isSpan ? h('input', { id: `${id}-start`, type: 'number', min: 0, value: a.start }) : null;
      const end = isSpan ? h('input', { id: `${id}-end`, type: 'number', min: 0, value: a.end }) : null;
      const form = h('form', { class: 'edit' },
        h('label', { for: `${id}-label` }, 'Label'), label,
        isSpan ? [h('label', { for: `${id}-start` }, 'Start'), start, h('label', { for: `${id}-end` }, 'End'), end] : null,
        layer.attributes.map((attr) => attributeField(attr, `${id}-attr-${attr.name}`, a.attributes?.[attr.name])),
        h('div', { class: 'row-actions' }, h('button', { type: 'submit', class: 'small primary' }, 'Save'),
          h('button', { type: 'button', class: 'small', onclick: () => { show(); li.querySelector('button').focus(); } }, 'Cancel')));
      form.addEventListener('submit', (e) => {
        e.preventDefault();
        attempt('Saving the annotation', async () => {
          const body = { layer: a.layer, label: label.value, attributes: readAttributes(layer.attributes, `${id}-attr-`) };
          if (isSpan) {
            body.start = Number(start.value);
            body.end = Number(end.value);
            body.quote = this.offsets.slice(body.start, body.end);
          }
          await put(`/annotations/${a.id}`, body, { 'If-Match': String(a.version) });
          await this.reload();
        }, e.submitter);
      });
      fill(li, form);
      label.focus();
    };
    show();
    return li;
  }

  startLease() {
    const tick = () => {
      const left = new Date(this.claim.leaseExpiresAt) - Date.now();
      if (left <= 0 && !this.expired) return this.leaseExpired();
      if (!this.expired) {
        const m = Math.floor(left / 60000);
        const s = Math.floor((left % 60000) / 1000);
        this.leaseBox.textContent = `Reserved for you: ${m}:${String(s).padStart(2, '0')} left (until ${time(this.claim.leaseExpiresAt)})`;
      }
      return undefined;
    };
    tick();
    this.timers.push(setInterval(tick, 1000));
    // Keep the lease alive while the page is in use: a heartbeat well inside the lease (and the idle gap).
    const total = new Date(this.claim.leaseExpiresAt) - Date.now();
    const every = Math.max(5000, Math.min(HEARTBEAT_MS, total / 3));
    this.timers.push(setInterval(() => { if (inUse()) this.heartbeat(); }, every));
  }

  async heartbeat() {
    if (this.expired) return;
    try {
      const a = await post(`/assignments/${this.claim.assignmentId}/heartbeat`);
      this.claim.leaseExpiresAt = a.leaseExpiresAt;
    } catch (e) {
      if (e.status === 409) this.leaseExpired(e.message);
      else showError(e, 'Keeping the lease alive');
    }
  }

  leaseExpired(detail) {
    this.expired = true;
    this.timers.forEach(clearInterval);
    this.timers = [];
    this.leaseBox.textContent = `Your time on this item ran out at ${time(this.claim.leaseExpiresAt)}`;
    this.leaseBox.classList.add('expired');
    this.main.querySelectorAll('#submit, #skip, .label-button, .row-actions button').forEach((b) => { b.disabled = true; });
    const box = showError(new Error(detail || 'This item was no longer kept for you (the page was closed or left idle too long): it went back to the queue and your annotations on it are no longer accepted.'), 'Time ran out');
    box.append(' ', h('button', { type: 'button', onclick: () => {
      box.remove();
      attempt('Getting the next item', async () => { await this.next(); this.focusTitle(); });
    } }, 'Get the next item'));
  }

  /** The button that was pressed is gone with the old item: the reader starts again at the new title, at the top. */
  focusTitle() {
    const heading = this.main.querySelector('h1');
    heading.tabIndex = -1;
    heading.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }

  async finish(action, button) {
    await attempt(action === 'submit' ? 'Submitting' : 'Skipping', async () => {
      const { round } = this.claim; // the next claim may be of the other round
      await api('POST', `/assignments/${this.claim.assignmentId}/${action}`);
      const more = await this.next();
      showInfo(`${action === 'submit' ? (round === 2 ? 'Round 2 submitted.' : 'Submitted.') : 'Skipped.'}${more ? ' Here is the next item.' : ''}`);
      this.focusTitle();
    }, button);
  }
}

/** An input for one typed attribute (int, number, string, boolean, date), labelled. */
function attributeField(attr, id, value) {
  let input;
  switch (attr.type) {
    case 'int': input = h('input', { id, type: 'number', step: 1, value: value ?? '' }); break;
    case 'number': input = h('input', { id, type: 'number', step: 'any', value: value ?? '' }); break;
    case 'boolean': input = h('select', { id }, h('option', { value: '' }, '—'),
      h('option', { value: 'true', selected: value === true }, 'true'), h('option', { value: 'false', selected: value === false }, 'false')); break;
    case 'date': input = h('input', { id, type: 'date', value: value ?? '' }); break;
    default: input = h('input', { id, type: 'text', value: value ?? '' });
  }
  input.dataset.type = attr.type;
  input.dataset.name = attr.name;
  return h('div', { class: 'field' }, h('label', { for: id }, `${attr.name} (${attr.type})`), input);
}

/** The attribute values filled in, typed as the layer declares them; empty fields are left out. */
function readAttributes(attributes, prefix) {
  const out = {};
  for (const attr of attributes) {
    const input = document.getElementById(`${prefix}${attr.name}`);
    if (!input || input.value === '') continue;
    const v = input.value;
    // Numbers go as typed; a non-integer for an int is the API's to refuse (422, shown with its detail).
    out[attr.name] = attr.type === 'int' || attr.type === 'number' ? Number(v) : attr.type === 'boolean' ? v === 'true' : v;
  }
  return out;
}

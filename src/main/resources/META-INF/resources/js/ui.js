// Small DOM helpers shared by the pages: element building, messages, Markdown for guidelines, number formats.

/** h('button', {class: 'x', onclick: f}, 'text', child…): an element; null/false children are skipped. */
export function h(tag, attrs = {}, ...children) {
  const el = tag.includes(':') ? document.createElementNS('http://www.w3.org/2000/svg', tag.split(':')[1]) : document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
}

/** Replaces an element's content. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

const globalMessages = () => document.getElementById('messages');

/**
 * A place for messages inside a section (`.messages`, aria-live), so that what an action says appears next to it, in
 * the layout: a message never floats over the page's content.
 */
export function messageRegion() {
  return h('div', { class: 'messages', 'aria-live': 'polite' });
}

/** The message region nearest to an element: its own section's, else the page's (under the header). */
function regionFor(near) {
  for (let n = near; n && n.isConnected; n = n.parentElement) {
    const region = n.querySelector(':scope > .messages');
    if (region) return region;
  }
  return globalMessages();
}

function dismissButton() {
  return h('button', { type: 'button', class: 'link', 'aria-label': 'Dismiss this message', onclick: (e) => e.target.closest('.message').remove() }, '×');
}

/** Shows what failed (the problem's detail) where screen readers announce it, next to `near` when given. */
export function showError(error, context, near) {
  const text = error?.message || String(error);
  console.warn(context ? `${context}: ${text}` : text);
  const box = h('div', { class: 'message error', role: 'alert' },
    h('strong', {}, context ? `${context}: ` : 'Error: '), text, dismissButton());
  const region = regionFor(near);
  region.append(box);
  // The page's region sits at the top: someone scrolled far below would not see what failed.
  if (box.getBoundingClientRect().bottom < 0) box.scrollIntoView({ block: 'nearest' });
  return box;
}

/**
 * A short confirmation, next to `near` when given. It stays until the next confirmation in the same place, a
 * dismissal or leaving the page: a message that vanished by itself would move the content under the reader's pointer.
 */
export function showInfo(text, near) {
  const region = regionFor(near);
  region.querySelectorAll(':scope > .message.info').forEach((old) => old.remove());
  const box = h('div', { class: 'message info', role: 'status' }, text, dismissButton());
  region.append(box);
  return box;
}

export function clearMessages() {
  globalMessages().replaceChildren();
}

/**
 * How to find an element again after its part of the page was drawn anew: its id, else its aria-label and data-*
 * attributes (the pages give every repeated control one of these). Null when nothing names it.
 */
function focusKey(el) {
  if (!el || el === document.body || !el.tagName) return null;
  if (el.id) return `#${CSS.escape(el.id)}`;
  const attrs = [...el.attributes].filter((a) => a.name === 'aria-label' || a.name.startsWith('data-'));
  return attrs.length ? el.tagName.toLowerCase() + attrs.map((a) => `[${a.name}="${CSS.escape(a.value)}"]`).join('') : null;
}

/**
 * Puts the keyboard focus back after an action redrew the control that had it: on the same control drawn anew, else
 * on the heading of the section it was in (a removed row's section), so a keyboard user never lands at the top of
 * the page.
 */
function restoreFocus(control, key, home) {
  const active = document.activeElement;
  if (active && active !== document.body && active.isConnected && active !== control) return; // the action chose
  const again = control.isConnected ? control : key && document.querySelector(key);
  const target = again && !again.disabled ? again : home?.isConnected ? home.querySelector('h1, h2, h3') : null;
  if (!target) return;
  if (target.matches('h1, h2, h3')) target.tabIndex = -1;
  target.focus({ preventScroll: true });
}

/** Redraws part of the page (no request) and keeps the keyboard focus where it was. */
export function keepFocus(redraw) {
  const control = document.activeElement;
  const key = focusKey(control);
  const home = control?.closest?.('section, .card');
  redraw();
  if (control && control !== document.body) restoreFocus(control, key, home);
}

/**
 * Runs an async action from a button, showing its failure next to the button; the button is disabled meanwhile,
 * and the focus is back on it (or on its redrawn twin, or its section's heading) afterwards.
 */
export async function attempt(context, action, button) {
  const key = focusKey(button);
  const home = button?.closest('section, .card');
  if (button) button.disabled = true;
  try {
    return await action();
  } catch (e) {
    showError(e, context, button?.isConnected ? button : home);
    return undefined;
  } finally {
    if (button) {
      button.disabled = false;
      restoreFocus(button, key, home);
    }
  }
}

/** A figure as text: three decimals, or "not defined" where the API says null (nothing to compare). */
export function fmt(value, digits = 3) {
  if (value === null || value === undefined || Number.isNaN(value)) return 'not defined';
  const text = Number(value).toFixed(digits);
  return /^-0\.?0*$/.test(text) ? text.slice(1) : text;
}

const MEASURES = { krippendorffAlpha: 'α', spanF1Overlap: 'span F1' };

/** The per-item measure's short name: α on document layers, span F1 on span layers (docs/review.md). */
export function measureName(measure) {
  return MEASURES[measure] || measure;
}

/**
 * A per-item agreement figure for people who are not statisticians: the number, "worse than chance" after a negative
 * α, and what it means in a tooltip. The legend below says the same at length.
 */
export function agreementFigure(value, measure) {
  const undefinedHere = value === null || value === undefined;
  const meaning = undefinedHere ? 'Not defined: fewer than two annotators gave a label here, so there is nothing to compare.'
    : value < 0 ? 'Below 0: systematic disagreement, worse than if the annotators had picked labels at random.'
      : value === 1 ? 'Full agreement.'
        : measure === 'spanF1Overlap' ? 'Share of marked passages that the annotators have in common (1 = all, 0 = none).'
          : 'Between 0 (no better than chance) and 1 (full agreement).';
  return h('span', { class: undefinedHere ? 'figure undefined' : value < 0 ? 'figure negative' : 'figure', title: meaning },
    fmt(value), value < 0 ? ' (worse than chance)' : null);
}

/**
 * How to read the per-item figures of the review queue and the item page (the same words as docs/review.md); open
 * unless told otherwise (the item page opens it only when one of its figures is below 0 or not defined).
 */
export function agreementLegend({ open = true } = {}) {
  return h('details', { class: 'legend', id: 'agreement-legend', open },
    h('summary', {}, 'How to read the agreement figures'),
    h('ul', {},
      h('li', {}, h('strong', {}, 'α (document layers): '), '1 = every annotator chose the same label; 0 = no more agreement ',
        'than labels picked at random; ', h('strong', {}, 'below 0'), ' (−2 and lower are possible on an item with few labels) = ',
        h('strong', {}, 'systematic disagreement'), ', worse than chance: the annotators pull in different directions. ',
        'Where nearly every item of a layer gets the same label, one dissenting annotator is enough for a figure below 0.'),
      h('li', {}, h('strong', {}, 'span F1 (span layers): '), '1 = everyone marked the same passages (overlapping counts as the same); ',
        '0 = no passage in common.'),
      h('li', {}, h('strong', {}, 'not defined'), ' = nothing to compare: fewer than two annotators gave a label on that layer ',
        '(for α also: every label on the whole layer is the same). Such items come last in the review queue.')));
}

export function interval(ci, digits = 3) {
  if (!ci || (ci.lower === null && ci.upper === null)) return '';
  return `${Math.round((ci.level ?? 0.95) * 100)}% CI ${fmt(ci.lower, digits)} – ${fmt(ci.upper, digits)}`;
}

export function time(iso) {
  return iso ? new Date(iso).toLocaleString() : '';
}

function escape(text) {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

function inline(text) {
  return escape(text)
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[^*])\*([^*]+)\*/g, '$1<em>$2</em>')
    .replace(/\[([^\]]+)\]\((https?:\/\/[^)\s]+)\)/g, '<a href="$2" rel="noopener noreferrer" target="_blank">$1</a>');
}

/**
 * Guidelines are Markdown: headings, paragraphs, lists, emphasis, code and links are rendered; everything is escaped
 * first, so a codebook cannot inject markup into the page.
 */
export function markdown(source) {
  const out = [];
  let list = null;
  let paragraph = [];
  const flush = () => {
    if (paragraph.length) out.push(`<p>${inline(paragraph.join(' '))}</p>`);
    paragraph = [];
  };
  const closeList = () => {
    if (list) out.push(`</${list}>`);
    list = null;
  };
  for (const raw of (source || '').split(/\r?\n/)) {
    const line = raw.trimEnd();
    const heading = /^(#{1,4})\s+(.*)$/.exec(line);
    const bullet = /^\s*[-*]\s+(.*)$/.exec(line);
    const numbered = /^\s*\d+[.)]\s+(.*)$/.exec(line);
    if (heading) {
      flush(); closeList();
      const level = Math.min(heading[1].length + 2, 6);
      out.push(`<h${level}>${inline(heading[2])}</h${level}>`);
    } else if (bullet || numbered) {
      flush();
      const kind = bullet ? 'ul' : 'ol';
      if (list !== kind) { closeList(); out.push(`<${kind}>`); list = kind; }
      out.push(`<li>${inline((bullet || numbered)[1])}</li>`);
    } else if (!line.trim()) {
      flush(); closeList();
    } else {
      closeList();
      paragraph.push(line.trim());
    }
  }
  flush(); closeList();
  const div = document.createElement('div');
  div.className = 'markdown';
  div.innerHTML = out.join('\n');
  return div;
}

/** A stable colour class for a label or annotator name (eight hues, see app.css). */
export function hue(name) {
  let n = 0;
  for (const c of String(name)) n = (n * 31 + c.codePointAt(0)) >>> 0;
  return `hue-${n % 8}`;
}

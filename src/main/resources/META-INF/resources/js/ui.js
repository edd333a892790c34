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

const messages = () => document.getElementById('messages');

/** Shows what failed (the problem's detail) where screen readers announce it. */
export function showError(error, context) {
  const text = error?.message || String(error);
  console.warn(context ? `${context}: ${text}` : text);
  const box = h('div', { class: 'message error', role: 'alert' },
    h('strong', {}, context ? `${context}: ` : 'Error: '), text,
    h('button', { type: 'button', class: 'link', 'aria-label': 'Dismiss this message', onclick: (e) => e.target.closest('.message').remove() }, '×'));
  messages().append(box);
  return box;
}

/** A short confirmation that goes away by itself. */
export function showInfo(text) {
  const box = h('div', { class: 'message info', role: 'status' }, text);
  messages().append(box);
  setTimeout(() => box.remove(), 6000);
}

export function clearMessages() {
  messages().replaceChildren();
}

/** Runs an async action from a button, showing its failure; the button is disabled meanwhile. */
export async function attempt(context, action, button) {
  if (button) button.disabled = true;
  try {
    return await action();
  } catch (e) {
    showError(e, context);
    return undefined;
  } finally {
    if (button) button.disabled = false;
  }
}

/** A figure as text: three decimals, or "undefined" where the API says null. */
export function fmt(value, digits = 3) {
  if (value === null || value === undefined || Number.isNaN(value)) return 'undefined';
  const text = Number(value).toFixed(digits);
  return /^-0\.?0*$/.test(text) ? text.slice(1) : text;
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

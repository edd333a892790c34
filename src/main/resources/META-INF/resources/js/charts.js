// Hand-written SVG charts (no chart library to ship): horizontal bars with confidence intervals and tentative marks,
// each with its figures as a table too, so the numbers are there for screen readers and for copying.
import { h, fmt } from './ui.js';

const ROW = 26;
const LINE = 14; // a label's second line
const LABEL = 190;
const LABEL_CHARS = 26; // what fits in LABEL px at the chart's 12 px, wide letters included
const PLOT = 360;
const RIGHT = 110;

/**
 * rows: [{label, value, lower?, upper?, tentative?, note?}]; value null = not defined (shown as such).
 * A long label wraps onto a second line, then ends in … with the full text in its tooltip, in the chart's aria-label
 * and in the table of figures.
 * domain: [min, max] of the axis; it widens to take in every value and bound.
 */
export function barChart({ title, rows, domain = [0, 1], digits = 3, unit = '', empty = 'Nothing to show yet.' }) {
  if (!rows.length) return h('figure', { class: 'chart-figure' }, h('figcaption', {}, title), h('p', { class: 'empty' }, empty));
  const numbers = rows.flatMap((r) => [r.value, r.lower, r.upper]).filter((v) => v !== null && v !== undefined && Number.isFinite(v));
  const lo = Math.min(domain[0], ...numbers);
  const hi = Math.max(domain[1], ...numbers);
  const span = hi - lo || 1;
  const x = (v) => LABEL + ((v - lo) / span) * PLOT;
  const labels = rows.map((r) => wrap(r.label));
  const tops = labels.reduce((acc, l) => acc.concat(acc[acc.length - 1] + ROW + (l.length - 1) * LINE), [6]);
  const height = tops[rows.length] + 28;
  const said = rows.map((r) => `${r.label}: ${fmt(r.value, digits)}${unit}${r.tentative ? ', tentative' : ''}`).join('; ');
  const svg = h('svg:svg', { viewBox: `0 0 ${LABEL + PLOT + RIGHT} ${height}`, role: 'img', 'aria-label': `${title}. ${said}`, class: 'chart' });
  const zero = x(Math.max(lo, Math.min(0, hi)));
  svg.append(h('svg:line', { x1: zero, x2: zero, y1: 4, y2: height - 26, class: 'axis' }));
  // Zero, where the bars start, is the middle tick when the axis crosses it away from its ends (labels apart).
  const zeroTick = -lo > 0.15 * span && hi > 0.15 * span;
  for (const tick of zeroTick ? [lo, 0, hi] : [lo, (lo + hi) / 2, hi]) {
    svg.append(h('svg:text', { x: x(tick), y: height - 8, 'text-anchor': 'middle', class: 'tick' }, fmt(tick, 2)));
    svg.append(h('svg:line', { x1: x(tick), x2: x(tick), y1: height - 28, y2: height - 22, class: 'axis' }));
  }
  rows.forEach((r, i) => {
    const y = tops[i] + ((labels[i].length - 1) * LINE) / 2; // the bar in the middle of its label's lines
    const g = h('svg:g', { class: r.tentative ? 'bar tentative' : 'bar' });
    g.append(h('svg:title', {}, `${r.label}: ${fmt(r.value, digits)}${unit}${r.lower !== undefined && r.lower !== null ? ` (${fmt(r.lower, digits)} – ${fmt(r.upper, digits)})` : ''}${r.tentative ? ' — tentative' : ''}${r.note ? ` (${r.note})` : ''}`));
    g.append(h('svg:text', { x: LABEL - 8, y: tops[i] + 15, 'text-anchor': 'end', class: 'label' }, h('svg:title', {}, r.label),
      labels[i].map((line, n) => h('svg:tspan', { x: LABEL - 8, dy: n ? LINE : 0 }, line))));
    if (r.value === null || r.value === undefined) {
      g.append(h('svg:text', { x: zero + 6, y: y + 15, class: 'undefined' }, fmt(null)));
    } else {
      const a = Math.min(x(r.value), zero);
      g.append(h('svg:rect', { x: a, y: y + 3, width: Math.max(1, Math.abs(x(r.value) - zero)), height: ROW - 10, rx: 2 }));
      if (r.lower !== null && r.lower !== undefined && r.upper !== null && r.upper !== undefined) {
        const cy = y + ROW / 2 - 2;
        g.append(h('svg:line', { x1: x(r.lower), x2: x(r.upper), y1: cy, y2: cy, class: 'whisker' }));
        g.append(h('svg:line', { x1: x(r.lower), x2: x(r.lower), y1: cy - 6, y2: cy + 6, class: 'whisker' }));
        g.append(h('svg:line', { x1: x(r.upper), x2: x(r.upper), y1: cy - 6, y2: cy + 6, class: 'whisker' }));
      }
      g.append(h('svg:text', { x: LABEL + PLOT + 8, y: y + 15, class: 'value' }, `${fmt(r.value, digits)}${r.tentative ? ' tentative' : ''}`));
    }
    svg.append(g);
  });
  const table = h('table', { class: 'data' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, ''), h('th', { scope: 'col' }, 'value'),
      h('th', { scope: 'col' }, 'interval'), h('th', { scope: 'col' }, 'note'))),
    h('tbody', {}, rows.map((r) => h('tr', {}, h('th', { scope: 'row' }, r.label), h('td', {}, `${fmt(r.value, digits)}${unit}`),
      h('td', {}, r.lower === undefined || r.lower === null ? '' : `${fmt(r.lower, digits)} – ${fmt(r.upper, digits)}`),
      h('td', {}, [r.tentative ? 'tentative' : '', r.note || ''].filter(Boolean).join(': '))))));
  return h('figure', { class: 'chart-figure' }, h('figcaption', {}, title), svg,
    h('details', {}, h('summary', {}, `${title}: the figures`), table));
}

/** The annotator-pair matrix: a symmetric table, each cell the pair's coefficient on the items both did. */
export function pairMatrix({ title, pairs, value, digits = 3 }) {
  const names = [...new Set(pairs.flatMap((p) => [p.a, p.b]))].sort();
  const cell = (a, b) => pairs.find((p) => (p.a === a && p.b === b) || (p.a === b && p.b === a));
  return h('figure', { class: 'chart-figure' }, h('figcaption', {}, title),
    h('table', { class: 'matrix' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, ''), names.map((n) => h('th', { scope: 'col' }, n)))),
      h('tbody', {}, names.map((a) => h('tr', {}, h('th', { scope: 'row' }, a), names.map((b) => {
        if (a === b) return h('td', { class: 'self' }, '—');
        const p = cell(a, b);
        const v = p ? value(p) : null;
        const shade = v === null || v === undefined ? 'none' : v >= 0.8 ? 'high' : v >= 0.667 ? 'mid' : v >= 0.4 ? 'low' : 'poor';
        return h('td', { class: `shade-${shade}`, title: p ? `${a} × ${b}: ${fmt(v, digits)} on ${p.items} items` : 'no shared items' },
          p ? fmt(v, digits) : '');
      }))))));
}

/**
 * A label as at most `most` lines of `width` code points, broken between words; what does not fit ends in …, keeping
 * a trailing "(n)" count.
 */
export function wrap(text, width = LABEL_CHARS, most = 2) {
  const chars = (t) => [...t].length;
  const all = String(text);
  if (chars(all) <= width) return [all];
  const lines = [];
  let line = '';
  for (const word of all.split(/\s+/).filter(Boolean)) {
    for (let rest = [...word]; rest.length;) {
      const room = line ? width - chars(line) - 1 : width;
      if (rest.length <= room) {
        line = line ? `${line} ${rest.join('')}` : rest.join('');
        rest = [];
      } else if (line) {
        lines.push(line);
        line = '';
      } else { // a word longer than a line: cut it
        lines.push(rest.slice(0, width).join(''));
        rest = rest.slice(width);
      }
    }
  }
  if (line) lines.push(line);
  if (lines.length <= most) return lines;
  const count = /\s(\([^()]*\))$/.exec(all)?.[1] || '';
  const keep = [...lines[most - 1]].slice(0, width - 1 - (count ? chars(count) + 1 : 0)).join('').trimEnd();
  return [...lines.slice(0, most - 1), `${keep}…${count ? ` ${count}` : ''}`];
}

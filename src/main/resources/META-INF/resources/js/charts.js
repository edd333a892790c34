// Hand-written SVG charts (no chart library to ship): horizontal bars with confidence intervals and tentative marks,
// each with its figures as a table too, so the numbers are there for screen readers and for copying.
import { h, fmt } from './ui.js';

const ROW = 26;
const LABEL = 190;
const PLOT = 360;
const RIGHT = 110;

/**
 * rows: [{label, value, lower?, upper?, tentative?, note?}]; value null = undefined (shown as such).
 * domain: [min, max] of the axis; it widens to take in every value and bound.
 */
export function barChart({ title, rows, domain = [0, 1], digits = 3, unit = '' }) {
  const numbers = rows.flatMap((r) => [r.value, r.lower, r.upper]).filter((v) => v !== null && v !== undefined && Number.isFinite(v));
  const lo = Math.min(domain[0], ...numbers);
  const hi = Math.max(domain[1], ...numbers);
  const span = hi - lo || 1;
  const x = (v) => LABEL + ((v - lo) / span) * PLOT;
  const height = rows.length * ROW + 34;
  const svg = h('svg:svg', { viewBox: `0 0 ${LABEL + PLOT + RIGHT} ${height}`, role: 'img', 'aria-label': title, class: 'chart' });
  const zero = x(Math.max(lo, Math.min(0, hi)));
  svg.append(h('svg:line', { x1: zero, x2: zero, y1: 4, y2: height - 26, class: 'axis' }));
  // Zero, where the bars start, is the middle tick when the axis crosses it away from its ends (labels apart).
  const zeroTick = -lo > 0.15 * span && hi > 0.15 * span;
  for (const tick of zeroTick ? [lo, 0, hi] : [lo, (lo + hi) / 2, hi]) {
    svg.append(h('svg:text', { x: x(tick), y: height - 8, 'text-anchor': 'middle', class: 'tick' }, fmt(tick, 2)));
    svg.append(h('svg:line', { x1: x(tick), x2: x(tick), y1: height - 28, y2: height - 22, class: 'axis' }));
  }
  rows.forEach((r, i) => {
    const y = 6 + i * ROW;
    const g = h('svg:g', { class: r.tentative ? 'bar tentative' : 'bar' });
    g.append(h('svg:title', {}, `${r.label}: ${fmt(r.value, digits)}${unit}${r.lower !== undefined && r.lower !== null ? ` (${fmt(r.lower, digits)} – ${fmt(r.upper, digits)})` : ''}${r.tentative ? ' — tentative' : ''}${r.note ? ` (${r.note})` : ''}`));
    g.append(h('svg:text', { x: LABEL - 8, y: y + 15, 'text-anchor': 'end', class: 'label' }, truncate(r.label, 26)));
    if (r.value === null || r.value === undefined) {
      g.append(h('svg:text', { x: zero + 6, y: y + 15, class: 'undefined' }, 'undefined'));
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

function truncate(text, n) {
  const chars = [...String(text)];
  return chars.length > n ? `${chars.slice(0, n - 1).join('')}…` : String(text);
}

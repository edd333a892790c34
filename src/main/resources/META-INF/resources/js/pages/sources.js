// The source report as charts: per source, unsupported claims per 1,000 words and the share of attributed claims,
// each with its bootstrap interval, tentative where the sample is small or agreement low.
import { get } from '../api.js';
import { h, fill, fmt } from '../ui.js';
import { barChart } from '../charts.js';

export async function render(main, { projectId }) {
  const [project, report] = await Promise.all([get(`/projects/${projectId}`), get(`/projects/${projectId}/sources/report`)]);
  const rate = (source, r) => ({ label: source.source, value: r?.value ?? null, lower: r?.ciLower, upper: r?.ciUpper,
    tentative: r?.tentative, note: r?.tentativeReason });
  const level = Math.round(report.ciLevel * 100);
  fill(main,
    h('h1', {}, `Source report: ${project.name}`),
    h('p', { class: 'item-meta' }, `Claims layer “${report.claimsLayer}” (unsupported: ${report.unsupportedLabels.join(', ')}), `,
      `attribution layer “${report.attributionLayer}”. Bars show the value, whiskers the ${level}% interval; a figure is tentative `,
      `below ${report.minItems} adjudicated items or where α < ${report.minAlpha}. `, h('a', { href: `#/projects/${projectId}` }, 'Back to the dashboard')),
    report.sources.length ? null : h('p', { class: 'empty', id: 'no-sources' }, 'No articles in this project yet, so no source to report on.'),
    report.sources.length && !report.sources.some((s) => s.adjudicatedItems) ? h('p', { class: 'empty', id: 'no-gold' },
      'No item has gold yet: the figures below stay empty until a supervisor saves gold for items (open an item from the ',
      'review queue on the dashboard, take a version, “Save gold”).') : null,
    h('div', { class: 'charts wide', id: 'source-charts' },
      barChart({ title: 'Unsupported claims per 1,000 words (gold)', domain: [0, 0], digits: 2, empty: 'No sources yet.',
        rows: report.sources.map((s) => rate(s, s.unsupportedClaimsPer1000Words)) }),
      barChart({ title: 'Share of claims that are attributed', domain: [0, 1], digits: 2, empty: 'No sources yet.',
        rows: report.sources.map((s) => rate(s, s.attributedClaimShare)) })),
    h('section', { class: 'card' }, h('h2', {}, 'Per source'),
      h('table', { class: 'list' },
        h('thead', {}, h('tr', {}, ['Source', 'Articles', 'Words', 'Adjudicated', 'Unsupported claims', 'Claims (attributed)', 'Agreement'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, report.sources.map((s) => h('tr', {},
          h('th', { scope: 'row' }, s.source), h('td', {}, s.articles), h('td', {}, s.words), h('td', {}, s.adjudicatedItems),
          h('td', {}, s.unsupportedClaims), h('td', {}, `${s.claims} (${s.attributedClaims})`),
          h('td', {}, s.agreement.map((a) => `${a.layer}: ${fmt(a.rate?.value)}${a.rate?.tentative ? ' (tentative)' : ''}`).join('; '))))))));
  return null;
}

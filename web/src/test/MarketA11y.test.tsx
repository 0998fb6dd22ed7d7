// axe-core over the market pages in jsdom (colour contrast needs a real browser:
// tests/e2e/market.test.mjs checks that), with fixtures that fill every section.
import { cleanup, screen } from '@testing-library/react';
import axe from 'axe-core';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Me } from '../api';
import { setLanguage } from '../i18n';
import { OpportunitiesPage } from '../pages/market/Opportunities';
import { PipelinePage } from '../pages/market/Pipeline';
import { PipelineEntryPage } from '../pages/market/PipelineEntry';
import { PricesPage } from '../pages/market/Prices';
import { json, mockFetch } from './helpers';
import { renderAs } from './render';
import { benchmark, entry, forbidden, lyonBuyer, marketActor, milanoEntry, opportunity, organisations, utrechtBuyer, withheldBenchmark } from './marketFixtures';

function routes(url: string, me: Me) {
  const u = url.split('?')[0];
  if (me.role === 'market_actor') return json(403, forbidden);
  if (u === '/api/v1/pipeline') return json(200, { entries: [entry(), milanoEntry] });
  if (u === '/api/v1/pipeline/7') {
    return json(
      200,
      entry({
        editable: me.organisation.id === 3,
        status: 'preparing',
        status_changed_at: '2026-11-20T09:00:00Z',
        status_changed_by: { id: 4, name: 'Lucas Bernard' },
        watchers: 1,
        interests: [{ organisation: { id: 5, name: 'Comune di Milano' }, user: { id: 9, name: 'Giulia Rossi' }, note: 'Six trucks.', at: '2026-11-21T10:00:00Z' }],
      }),
    );
  }
  if (u === '/api/v1/organisations') return json(200, { organisations });
  if (u === '/api/v1/opportunities') {
    return json(200, {
      as_of: '2026-12-01',
      parameters: { cpv_digits: 4, min_buyers: 3, window_months: 12 },
      opportunities: [opportunity({ mine: true }), opportunity({ key: '9051', cpv: '90510000', cpv_label: 'Refuse disposal', action: { code: 'use_framework', framework: 'ocds-synth1-1-7', reason: 'A framework runs.' } })],
    });
  }
  if (u === '/api/v1/prices') return json(200, { min_peers: 5, benchmarks: [benchmark(), withheldBenchmark] });
  if (u === '/api/v1/market/concentration') {
    return json(200, {
      markets: [
        { cpv_class: '3414', cpv_label: 'Heavy-duty motor vehicles', country: 'NL', contracts: 6, total_eur: 8400000, suppliers: 2, hhi: 5800, level: 'high', top: [{ id: 'a', name: 'Electra', share: 0.7 }] },
        { cpv_class: '9051', cpv_label: 'Refuse disposal', country: 'FR', contracts: 2, total_eur: 100, suppliers: 9, hhi: 900, level: 'low', top: [] },
      ],
    });
  }
  if (u === '/api/v1/market/consolidation') {
    return json(200, { opportunities: [{ supplier: { id: 'a', name: 'Electra' }, cpv_class: '3414', cpv_label: 'Heavy-duty motor vehicles', buyers: [{ id: 'x', name: 'Utrecht', country: 'NL' }], contracts: 3, total_eur: 5, ocids: [] }] });
  }
  if (u === '/api/v1/countries') return json(200, { countries: [{ code: 'NL', name: 'Netherlands', flag: '', eu: true, eea: true, efta: false, eligible: true }] });
  if (u === '/api/v1/organisations/2/prices') {
    return json(200, {
      organisation: { id: 2, name: 'Gemeente Utrecht' },
      items: [{ cpv: '34144511-3', cpv_label: 'Refuse-collection vehicles', unit: 'H87', you_paid_eur: 310000, count: 2, peers: 8, peer_median_eur: 285000, q1_eur: 1, q3_eur: 2, percentile: 80, flag: 'high', withheld: false }],
    });
  }
  if (u === '/api/v1/organisations/2/warnings') {
    return json(200, { warnings: [{ code: 'single_bid', procedure: 'open', count: 3, of: 10, threshold_days: null, ocids: ['ocds-a'], advice: 'Talk to the market first.' }] });
  }
  return json(404, {});
}

async function check(name: string, node: ReactNode, me: Me, path = '/') {
  window.history.replaceState(null, '', path);
  mockFetch((c) => routes(c.url, me));
  renderAs(me, <main>{node}</main>);
  await screen.findAllByRole('heading', { level: 2 });
  await new Promise((r) => setTimeout(r, 300));
  const r = await axe.run(document.body, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    rules: { 'color-contrast': { enabled: false }, region: { enabled: false }, 'page-has-heading-one': { enabled: false }, 'landmark-one-main': { enabled: false } },
  });
  const v = r.violations.map((x) => `${name}: ${x.id} ${x.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  cleanup();
  return v;
}

describe('accessibility of the market pages (axe-core)', () => {
  afterEach(() => cleanup());
  it('finds no violation on any of them', async () => {
    setLanguage('en');
    vi.spyOn(window, 'scrollTo').mockImplementation(() => {});
    const out: string[] = [];
    out.push(...(await check('pipeline list', <PipelinePage />, lyonBuyer, '/pipeline')));
    out.push(...(await check('pipeline calendar', <PipelinePage />, utrechtBuyer, '/pipeline?view=calendar&organisation_id=3')));
    out.push(...(await check('entry (editor)', <PipelineEntryPage id={7} />, lyonBuyer)));
    out.push(...(await check('entry (other organisation)', <PipelineEntryPage id={7} />, utrechtBuyer)));
    out.push(...(await check('opportunities', <OpportunitiesPage />, utrechtBuyer)));
    out.push(...(await check('prices', <PricesPage />, utrechtBuyer, '/prices?cpv=3414')));
    out.push(...(await check('pipeline (market actor)', <PipelinePage />, marketActor, '/pipeline')));
    expect(out).toEqual([]);
  }, 60000);
});

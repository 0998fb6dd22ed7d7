// End-to-end test of the shared pipeline, collaboration opportunities, price benchmarks and
// market views (Step 6, docs/MARKET.md) against the real server and Debian's Chromium: a buyer
// of Ville de Lyon publishes a planned procurement open to collaboration (list and calendar);
// a buyer of Gemeente Utrecht watches it and expresses interest; Lyon moves it to "preparing"
// and Utrecht sees the new status and is notified; with a third buyer's entry in the same CPV
// class, Comune di Milano finds the collaboration opportunity and proposes a working group; the
// prices page shows benchmarks and market concentration; a market actor is kept out. Axe checks
// every page.
//
//   node --test tests/e2e/          (from the repository root; needs web/dist and web/node_modules)
//
// The server, the browser and the helpers are in support.mjs.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import {
  until,
  expectText,
  expectHeading,
  shot,
  checkA11y,
  signInEnglish,
  signOutAny,
  page,
  base,
  cspViolations,
  pageErrors,
  useServerAndBrowser,
} from './support.mjs';

const LYON = 'buyer@lyon.example'; // Lucas Bernard, Ville de Lyon; his account speaks French
const UTRECHT = 'buyer@utrecht.example'; // Daan Bakker, Gemeente Utrecht
const MILANO = 'buyer@milano.example'; // Giulia Rossi, Comune di Milano
const SUPPLIER = 'sales@electra.example'; // Felix Wagner, Electra Commercial Vehicles GmbH (market actor); German
const TITLE = 'E2E electric refuse collection vehicles for Lyon';
const UTRECHT_TITLE = 'E2E electric refuse trucks for Utrecht';
const MILANO_TITLE = 'E2E electric refuse trucks for Milano';
const CPV = '34144511'; // refuse-collection vehicles: CPV class 3414

useServerAndBrowser('market');

const mainNav = () => page.getByRole('navigation', { name: 'Main' });
const publishForm = () => page.getByRole('region', { name: 'Publish a planned procurement' });

/** A date `days` from today (YYYY-MM-DD, UTC like the server's "today"). */
function day(days) {
  return new Date(Date.now() + days * 24 * 3600 * 1000).toISOString().slice(0, 10);
}

/** "March 2027" for "2027-03-14", as the calendar names its months in English. */
function monthName(iso) {
  const [y, m] = iso.split('-').map(Number);
  return new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, 1)));
}

let entryPath;
const LYON_DATE = day(120);

async function openPipeline() {
  await mainNav().getByRole('link', { name: 'Pipeline', exact: true }).click();
  await expectHeading('Procurement pipeline');
  await until('the pipeline list', async () =>
    /^\d+ planned procurements?$/.test(((await page.locator('[data-testid=pipeline-count]').textContent()) ?? '').trim()),
  );
}

/** Fills the publish form of the pipeline page and publishes; the entry's page opens. */
async function publish({ title, tenderDate, description, amount, a11y = false }) {
  const form = publishForm();
  await form.waitFor();
  await form.getByLabel('Title', { exact: true }).fill(title);
  await form.getByLabel('Description (optional)').fill(description);
  const cpv = form.getByRole('combobox', { name: 'CPV code' });
  await cpv.click();
  await cpv.pressSequentially(CPV, { delay: 20 });
  await until('the CPV list to open', async () => (await cpv.getAttribute('aria-expanded')) === 'true');
  await cpv.press('ArrowDown');
  await cpv.press('Enter');
  await until('the code picked', async () =>
    ((await page.locator('[data-testid=pipeline-cpv-picked]').textContent().catch(() => '')) ?? '').includes(CPV),
  );
  await form.getByLabel('Amount (optional)').fill(amount);
  await form.getByLabel('Currency', { exact: true }).selectOption('EUR');
  await form.getByLabel('Planned tender date', { exact: true }).fill(tenderDate);
  await form.getByLabel('Contract start (optional)').fill(day(300));
  await form.getByLabel('Duration in months (optional)').fill('48');
  await form.getByLabel('Open to collaboration: other public buyers may join this procurement').check();
  if (a11y) {
    await shot('m02-publish-form');
    await checkA11y('pipeline publish form (filled in)');
  }
  await form.getByRole('button', { name: 'Publish', exact: true }).click();
  await until('the entry page', async () => /^\/pipeline\/\d+$/.test(new URL(page.url()).pathname));
  await expectHeading(title);
  await expectText('[data-testid=pipeline-status]', /^Status: Planned/);
  return new URL(page.url()).pathname;
}

describe('Cobuy pipeline, opportunities, prices and market views', () => {
  test('a buyer of Ville de Lyon publishes a planned procurement open to collaboration', async () => {
    await signInEnglish(LYON);
    await openPipeline();
    assert.equal(await page.title(), 'Procurement pipeline – Cobuy');
    await shot('m01-pipeline');
    await checkA11y('pipeline');

    // nothing filled in: the error summary takes focus and names the fields
    await publishForm().getByRole('button', { name: 'Publish', exact: true }).click();
    await expectText('.error-summary li:first-child', 'Enter a title.');
    await checkA11y('pipeline publish form with errors');

    entryPath = await publish({
      title: TITLE,
      tenderDate: LYON_DATE,
      description: 'Twelve battery-electric refuse collection vehicles for the northern districts.',
      amount: '4200000',
      a11y: true,
    });
    const facts = page.locator('[data-testid=entry-facts]');
    assert.match((await facts.textContent()) ?? '', /34144511/);
    await expectText('[data-testid=entry-value]', '€4,200,000');
    await expectText('[data-testid=entry-collaboration]', 'Yes: other public buyers may join');
    await page.getByLabel('New status').waitFor();
    await shot('m03-entry');
    await checkA11y('pipeline entry (editor)');
  });

  test('the Lyon buyer sees the entry in the list and in the calendar', async () => {
    await page.getByRole('link', { name: 'Back to the pipeline' }).click();
    await expectHeading('Procurement pipeline');
    const row = page.locator('[data-testid=pipeline-table] tbody tr', { hasText: TITLE });
    await row.waitFor();
    const cells = (await row.locator('th, td').allTextContents()).map((s) => s.replace(/\s+/g, ' ').trim());
    assert.equal(cells[0], TITLE);
    assert.match(cells[1], /^Ville de Lyon/);
    assert.match(cells[2], /^34144511/);
    assert.equal(cells[4], '€4,200,000');
    assert.equal(cells[5], 'Planned');
    assert.equal(cells[6], 'Yes');

    const views = page.getByRole('group', { name: 'View' });
    await views.getByRole('button', { name: 'Calendar', exact: true }).click();
    await until('the calendar view', async () => new URL(page.url()).searchParams.get('view') === 'calendar');
    assert.equal(await views.getByRole('button', { name: 'Calendar', exact: true }).getAttribute('aria-pressed'), 'true');
    const month = page.locator(`[data-testid=pipeline-calendar] [data-month="${LYON_DATE.slice(0, 7)}"]`);
    await month.waitFor();
    await expectText(`[data-month="${LYON_DATE.slice(0, 7)}"] h3`, monthName(LYON_DATE));
    assert.ok(((await month.textContent()) ?? '').includes(TITLE), 'the entry is in the month of its planned tender date');
    await shot('m04-calendar');
    await checkA11y('pipeline calendar');
    await signOutAny();
  });

  test('a buyer of Gemeente Utrecht publishes, finds Lyon’s entry, watches it and expresses interest', async () => {
    await signInEnglish(UTRECHT);
    await openPipeline();
    await publish({
      title: UTRECHT_TITLE,
      tenderDate: day(140),
      description: 'Eight electric refuse trucks.',
      amount: '2400000',
    });
    await page.getByRole('link', { name: 'Back to the pipeline' }).click();
    await expectHeading('Procurement pipeline');

    // the per-organisation view: Ville de Lyon's pipeline only
    const filters = page.getByRole('region', { name: 'Filters' });
    await until('the organisations to choose from', async () =>
      (await filters.getByLabel('Organisation', { exact: true }).locator('option').allTextContents()).includes('Ville de Lyon'),
    );
    await filters.getByLabel('Organisation', { exact: true }).selectOption({ label: 'Ville de Lyon' });
    await filters.getByLabel('Open to collaboration only').check();
    await filters.getByRole('button', { name: 'Show', exact: true }).click();
    await until('Lyon’s pipeline', async () => new URL(page.url()).searchParams.get('organisation_id') !== null);
    await expectText('#pipeline-list-title', 'Planned procurements of Ville de Lyon');
    const row = page.locator('[data-testid=pipeline-table] tbody tr', { hasText: TITLE });
    await row.waitFor();
    assert.equal(await page.locator('[data-testid=pipeline-table] tbody tr', { hasText: UTRECHT_TITLE }).count(), 0);
    await shot('m05-lyon-pipeline');
    await checkA11y('pipeline of one organisation');

    await row.getByRole('link', { name: TITLE }).click();
    await expectHeading(TITLE);
    assert.equal(new URL(page.url()).pathname, entryPath);
    assert.equal(await page.getByLabel('New status').count(), 0, 'another organisation cannot change the status');
    await page.getByRole('button', { name: 'Watch', exact: true }).click();
    await expectText('main .notice--success', 'You are watching this entry: you will be notified when its status changes.');
    await page.getByRole('button', { name: 'Stop watching' }).waitFor();
    await page.getByLabel('Note to the organisation (optional)').fill('Utrecht plans eight trucks at about the same time.');
    await page.getByRole('button', { name: 'Express interest' }).click();
    await expectText('main .notice--success', 'Your organisation’s interest has been recorded.');
    await page.getByRole('button', { name: 'Withdraw interest' }).waitFor();
    await until('Utrecht among the interested organisations', async () =>
      ((await page.locator('[data-testid=interests]').textContent().catch(() => '')) ?? '').includes('Gemeente Utrecht'),
    );
    await shot('m06-interest');
    await checkA11y('pipeline entry (interested)');
    await signOutAny();
  });

  test('the Lyon buyer moves the entry to "preparing"', async () => {
    await signInEnglish(LYON);
    await page.goto(`${base}${entryPath}`);
    await expectHeading(TITLE);
    await until('Utrecht’s interest shown', async () =>
      ((await page.locator('[data-testid=interests]').textContent().catch(() => '')) ?? '').includes('Gemeente Utrecht'),
    );
    await page.getByLabel('New status').selectOption('preparing');
    await page.getByRole('button', { name: 'Update the status' }).click();
    await expectText('main .notice--success', 'The status is now Preparing.');
    await expectText('[data-testid=pipeline-status]', /^Status: Preparing — updated by Lucas Bernard on \d{1,2} \w+ \d{4}$/);
    await checkA11y('pipeline entry (status updated)');
    await signOutAny();
  });

  test('the Utrecht buyer sees the new status and is notified', async () => {
    await signInEnglish(UTRECHT);
    await page.goto(`${base}${entryPath}`);
    await expectHeading(TITLE);
    await expectText('[data-testid=pipeline-status]', /^Status: Preparing — updated by Lucas Bernard on /);
    await mainNav().getByRole('link', { name: /^Notifications/ }).click();
    await expectHeading('Notifications');
    const list = page.locator('[data-testid=notifications]');
    await until('a notification of the status change', async () => {
      const text = (await list.textContent().catch(() => '')) ?? '';
      const links = await list.locator(`a[href="${entryPath}"]`).count().catch(() => 0);
      return text.includes(TITLE) || links > 0;
    });
    await shot('m07-notified');
    await checkA11y('notifications (pipeline)');
    await signOutAny();
  });

  test('a buyer of Comune di Milano finds the opportunity and proposes a working group', async () => {
    await signInEnglish(MILANO);
    // a third buyer with a need in the same CPV class makes it an opportunity of three buyers
    await openPipeline();
    await publish({
      title: MILANO_TITLE,
      tenderDate: day(100),
      description: 'Ten electric refuse trucks.',
      amount: '3000000',
    });

    await mainNav().getByRole('link', { name: 'Opportunities', exact: true }).click();
    await expectHeading('Collaboration opportunities');
    await until('the opportunities', async () =>
      /^\d+ opportunit(y|ies) as of /.test(((await page.locator('[data-testid=opportunities-summary]').textContent()) ?? '').trim()),
    );
    assert.ok((await page.locator('article[data-opportunity]').count()) >= 1, 'at least one opportunity');
    const chart = page.locator('[data-testid=opportunity-timeline]');
    assert.equal(await chart.getAttribute('role'), 'img');
    assert.match((await chart.getAttribute('aria-label')) ?? '', /^When the needs fall: /);
    await shot('m08-opportunities');
    await checkA11y('opportunities');

    const form = page.getByRole('region', { name: 'Parameters' });
    await form.getByLabel('Only opportunities that include my organisation').check();
    await form.getByRole('button', { name: 'Find opportunities' }).click();
    const card = page.locator('article[data-opportunity="3414"]');
    await card.waitFor();
    await until('the three entries in the opportunity', async () => {
      const text = (await card.locator('[data-testid=opportunity-pipeline]').textContent().catch(() => '')) ?? '';
      return [TITLE, UTRECHT_TITLE, MILANO_TITLE].every((t) => text.includes(t));
    });
    const buyers = (await card.locator('[data-testid=opportunity-buyers]').textContent()) ?? '';
    for (const name of ['Ville de Lyon', 'Gemeente Utrecht', 'Comune di Milano']) assert.ok(buyers.includes(name), `${name} is a buyer`);
    assert.ok(((await card.locator('[data-testid=opportunity-action] strong').textContent()) ?? '').trim().length > 0, 'an action is suggested');
    assert.equal(
      await card.locator('[data-testid=opportunity-pipeline]').getByRole('link', { name: TITLE }).getAttribute('href'),
      entryPath,
    );
    await checkA11y('opportunities (mine)');

    await card.getByRole('button', { name: /^Propose a working group/ }).click();
    const link = card.getByRole('link', { name: 'Open the working group' });
    await link.waitFor();
    const groupPath = await link.getAttribute('href');
    assert.match(groupPath, /^\/communities\/\d+$/);
    await checkA11y('opportunity proposed');
    await link.click();
    await until('the working group', async () => new URL(page.url()).pathname === groupPath);
    await expectHeading(/./);
    await expectText('main .page-header .lead', 'Working group · Closed');
    await shot('m09-working-group');
    await checkA11y('proposed working group');
  });

  test('the prices page shows benchmarks for a CPV prefix and the market concentration', async () => {
    // the prefix: the first with benchmarks whose figures may be shown (the demo's register is generated)
    let prefix = null;
    let expected = null;
    for (const candidate of ['45', '33', '34', '90', '09', '30', '72']) {
      const res = await page.request.get(`${base}/api/v1/prices?cpv=${candidate}`);
      assert.equal(res.status(), 200);
      const body = await res.json();
      const benchmarks = body.benchmarks ?? [];
      if (benchmarks.some((b) => !b.withheld)) {
        prefix = candidate;
        expected = benchmarks;
        break;
      }
      if (!prefix && benchmarks.length) {
        prefix = candidate;
        expected = benchmarks;
      }
    }
    assert.ok(prefix, 'the demo register has unit prices');

    await mainNav().getByRole('link', { name: 'Prices', exact: true }).click();
    await expectHeading('Prices and markets');
    const section = page.getByRole('region', { name: 'Price benchmarks' });
    await section.getByLabel('CPV code or its first digits').fill(prefix);
    await section.getByRole('button', { name: 'Show the benchmarks' }).click();
    const rows = page.locator('[data-testid=benchmarks] tbody tr');
    await until('the benchmark table', async () => (await rows.count()) === expected.length);
    assert.equal(new URL(page.url()).searchParams.get('cpv'), prefix);
    const withheld = expected.filter((b) => b.withheld).length;
    assert.equal(await page.locator('[data-testid=benchmarks] tbody tr[data-withheld=true]').count(), withheld);
    if (withheld > 0) {
      const text = ((await page.locator('[data-testid=benchmarks] tbody tr[data-withheld=true] td.withheld').first().textContent()) ?? '').trim();
      assert.match(text, /^Not shown: fewer than \d+ buyers \(\d+\)$/);
    }
    const charts = section.locator('svg[role=img]');
    assert.equal(await charts.count(), expected.length - withheld, 'one distribution chart per benchmark shown');
    if (expected.length > withheld) {
      assert.match((await charts.first().getAttribute('aria-label')) ?? '', /^Price distribution: .*: lowest €.*median €/);
      const firstShown = page.locator('[data-testid=benchmarks] tbody tr:not([data-withheld])').first();
      const cells = (await firstShown.locator('td').allTextContents()).map((s) => s.trim());
      assert.match(cells[4], /^€[\d,.]+$/, 'the median is a price in euro');
    }

    const concentration = page.getByRole('region', { name: 'Market concentration' });
    await until('the concentration', async () =>
      /^(\d+ markets, the most concentrated first\.|1 market\.)$/.test(((await page.locator('[data-testid=concentration-summary]').textContent()) ?? '').trim()),
    );
    assert.ok((await concentration.locator('[data-testid=concentration-table] tbody tr').count()) >= 1, 'some markets');
    assert.equal(await concentration.locator('[data-testid=hhi-chart]').getAttribute('role'), 'img');
    const level = ((await concentration.locator('[data-testid=concentration-table] tbody tr').first().locator('td').nth(5).textContent()) ?? '').trim();
    assert.ok(['Low', 'Moderate', 'High'].includes(level), `a concentration level (${level})`);
    await page.getByRole('region', { name: 'Consolidation' }).waitFor();
    await page.getByRole('region', { name: 'My organisation: Comune di Milano' }).waitFor();
    await shot('m10-prices');
    await checkA11y('prices and markets');
    await signOutAny();
  });

  test('a market actor gets no pipeline link and a clear "not allowed" on the pipeline', async () => {
    await signInEnglish(SUPPLIER);
    await mainNav().getByRole('link', { name: 'Communities', exact: true }).waitFor();
    for (const name of ['Pipeline', 'Opportunities', 'Prices']) {
      assert.equal(await mainNav().getByRole('link', { name, exact: true }).count(), 0, `no ${name} link for a market actor`);
    }
    await page.goto(`${base}/pipeline`);
    await expectHeading('Procurement pipeline');
    await expectText('[data-testid=forbidden] .notice__title', 'Not allowed');
    await expectText('[data-testid=forbidden] .notice__body p:first-child', /^What public buyers plan and pay is shared only among public buyers/);
    assert.equal(await publishForm().count(), 0);
    await shot('m11-market-actor');
    await checkA11y('pipeline (market actor)');
    await page.goto(`${base}${entryPath}`);
    await expectText('[data-testid=forbidden] .notice__title', 'Not allowed');
    await checkA11y('pipeline entry (market actor)');
    await signOutAny();
  });

  test('no CSP violation or script error happened', () => {
    assert.deepEqual(cspViolations, []);
    assert.deepEqual(pageErrors, []);
  });
});

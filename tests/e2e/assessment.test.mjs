// End-to-end test of needs assessments and working-group formation (Step 5) against the real
// server and Debian's Chromium: the secretariat prepares an assessment with two areas and invites
// every eligible organisation; three buyers answer (interest, a volunteer lead, a planned
// procurement) and submit; an organisation outside the EU/EEA/EFTA is told why it cannot answer;
// the secretariat reads the analysis, forms the working group with the optimiser and creates it;
// an invited buyer commits formally. Axe checks every new page.
//
//   node --test tests/e2e/          (from the repository root; needs web/dist and web/node_modules)
//
// The server, the browser and the helpers are in support.mjs.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import {
  until,
  textOf,
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

const SECRETARIAT = 'secretariat@cobuy.example'; // Sofie Peeters, Cobuy Secretariat
const UTRECHT = 'buyer@utrecht.example'; // Daan Bakker, Gemeente Utrecht
const LYON = 'buyer@lyon.example'; // Lucas Bernard, Ville de Lyon; his account speaks French
const MILANO = 'buyer@milano.example'; // Giulia Rossi, Comune di Milano
const CAMDEN = 'buyer@camden.example'; // Oliver Smith, London Borough of Camden (GB: not EU/EEA/EFTA)
const ASSESSMENT = 'E2E zero-emission fleets 2027';
const AREA_1 = 'E2E electric refuse trucks';
const AREA_2 = 'E2E electric buses';

useServerAndBrowser('assessment');

const mainNav = () => page.getByRole('navigation', { name: 'Main' });
const tabs = () => page.getByRole('navigation', { name: 'Needs assessment' });

async function openTab(name) {
  await tabs().getByRole('link', { name, exact: true }).click();
  await until(`the ${name} tab`, async () =>
    ((await page.locator('#panel-title').textContent()) ?? '').trim() === name &&
    (await tabs().getByRole('link', { name, exact: true }).getAttribute('aria-current')) === 'page',
  );
}

/** A date `days` from today (YYYY-MM-DD, UTC like the server's "today"). */
function day(days) {
  return new Date(Date.now() + days * 24 * 3600 * 1000).toISOString().slice(0, 10);
}

/** The month after next (YYYY-MM): inside the assessment's months ahead. */
function soonMonth() {
  const d = new Date();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + 2);
  return d.toISOString().slice(0, 7);
}

let assessmentPath;
let groupPath;

/** Signs in as `email`, opens the assessment from the list and answers it: interest "High" in
 *  the first area (and "Low" in the second for Lyon), optionally volunteering to lead, and submits. */
async function answer(email, { lead = false, planned = null, a11y = false } = {}) {
  await signInEnglish(email);
  await mainNav().getByRole('link', { name: 'Needs assessments', exact: true }).click();
  await expectHeading('Needs assessments');
  const row = page.locator('[data-testid=assessments] tbody tr', { hasText: ASSESSMENT });
  await until('my organisation’s answer status', async () => ((await row.locator('td').nth(3).textContent()) ?? '').trim() === 'Not started');
  if (a11y) await checkA11y('needs assessments (buyer)');
  await row.getByRole('link', { name: ASSESSMENT }).click();
  await expectHeading(ASSESSMENT);
  assert.equal(new URL(page.url()).pathname, assessmentPath);
  // the statement that answering commits nobody comes first
  await expectText('[data-testid=commitment-note] .notice__title', 'Answering commits nobody');
  assert.ok(((await textOf('[data-testid=commitment-note] .prose')) ?? '').length > 0, 'the commitment note has a text');
  await expectText('[data-testid=response-status] p:first-child', /^Status: Not started/);

  const area1 = page.getByRole('region', { name: AREA_1 });
  await area1.getByRole('group', { name: `Interest of your organisation in “${AREA_1}”` }).getByLabel('High', { exact: true }).check();
  if (lead) await area1.getByLabel(`Preferred role in “${AREA_1}” (optional)`).selectOption('lead');
  if (planned) {
    await area1.getByRole('button', { name: `Add a planned procurement in “${AREA_1}”` }).click();
    const rowEl = area1.locator('[data-testid=planned-row]').first();
    await rowEl.getByLabel('CPV code').fill(planned.cpv);
    await rowEl.getByLabel('Estimated value in euro').fill(planned.value);
    await rowEl.getByLabel('Month').fill(soonMonth());
    await rowEl.getByLabel('Description (optional)').fill(planned.description);
  }
  if (a11y) {
    await shot(`a-answer-${email.split('@')[1].split('.')[0]}`);
    await checkA11y('answer form');
  }
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expectText('main .notice--success', 'Your draft has been saved.');
  await expectText('[data-testid=response-status] p:first-child', /^Status: Started \(draft\)/);
  await page.getByRole('button', { name: 'Submit the answer' }).click();
  await expectText('main .notice--success', /^Your answer has been submitted\. You can still change it until /);
  await expectText('[data-testid=response-status] p:first-child', /^Status: Submitted/);
  if (a11y) await checkA11y('answer form (submitted)');
  await signOutAny();
}

describe('Cobuy needs assessments and group formation', () => {
  test('the secretariat prepares a needs assessment with two areas', async () => {
    await signInEnglish(SECRETARIAT);
    await mainNav().getByRole('link', { name: 'Needs assessments', exact: true }).click();
    await expectHeading('Needs assessments');
    assert.equal(await page.title(), 'Needs assessments – Cobuy');
    const form = page.getByRole('region', { name: 'New needs assessment' });
    await form.waitFor();
    await shot('a01-assessments');
    await checkA11y('needs assessments');

    // nothing filled in: the error summary takes focus and names the fields
    await form.getByRole('button', { name: 'Create the needs assessment' }).click();
    await expectText('.error-summary li:first-child', 'Enter a title.');
    await checkA11y('needs assessments with errors');

    await form.getByLabel('Title', { exact: true }).fill(ASSESSMENT);
    await page.locator('#assessment-description').fill('Which zero-emission vehicles will you buy in the next twelve months?');
    await form.getByLabel('Months ahead').fill('12');
    await form.getByLabel('Opens on').fill(day(0));
    await form.getByLabel('Closes on').fill(day(7));
    await page.locator('#area-0-name').fill(AREA_1);
    assert.equal(await page.inputValue('#area-0-key'), 'e2e-electric-refuse-trucks');
    await page.locator('#area-0-description').fill('Battery-electric refuse collection vehicles.');
    const cpv = form.getByRole('combobox', { name: 'CPV codes of area 1' });
    await cpv.click();
    await cpv.pressSequentially('34144511', { delay: 20 });
    await until('the CPV list to open', async () => (await cpv.getAttribute('aria-expanded')) === 'true');
    await cpv.press('ArrowDown');
    await cpv.press('Enter');
    await until('the code picked', async () =>
      ((await form.getByRole('list', { name: 'CPV codes picked for area 1' }).textContent().catch(() => '')) ?? '').includes('34144511'),
    );
    await form.getByRole('button', { name: 'Add another area' }).click();
    await until('the second area’s name focused', async () => page.evaluate(() => document.activeElement?.id === 'area-1-name'));
    await page.locator('#area-1-name').fill(AREA_2);
    await shot('a02-new-assessment');
    await checkA11y('new needs assessment (filled in)');
    await form.getByRole('button', { name: 'Create the needs assessment' }).click();

    await until('the progress tab', async () => /^\/assessments\/\d+\/progress$/.test(new URL(page.url()).pathname));
    assessmentPath = new URL(page.url()).pathname.replace(/\/progress$/, '');
    await expectHeading(ASSESSMENT);
    await expectText('main .page-header .lead', /^Open · /);
    assert.deepEqual(
      (await tabs().getByRole('link').allTextContents()).map((s) => s.trim()),
      ['Overview', 'Progress', 'Analysis', 'Group formation'],
    );
    await expectText('#panel-title', 'Progress');
  });

  test('the secretariat invites every eligible organisation', async () => {
    await page.getByRole('button', { name: 'Invite all eligible organisations' }).click();
    await expectText('main .notice--success', /^Organisations invited: \d+\.$/);
    const invited = Number((await textOf('main .notice--success')).match(/(\d+)/)[1]);
    assert.ok(invited >= 3, `at least Utrecht, Lyon and Milano invited (${invited})`);
    const table = page.locator('[data-testid=progress]');
    await until('the invited organisations', async () => {
      const text = (await table.textContent().catch(() => '')) ?? '';
      return ['Gemeente Utrecht', 'Ville de Lyon', 'Comune di Milano'].every((n) => text.includes(n));
    });
    assert.ok(!((await table.textContent()) ?? '').includes('London Borough of Camden'), 'Camden (GB) is not eligible');
    await expectText('[data-testid=progress-counts] [data-figure=invited] dd', String(invited));
    await expectText('[data-testid=progress-counts] [data-figure=submitted] dd', '0');
    await shot('a03-progress');
    await checkA11y('assessment progress');

    await openTab('Overview');
    await expectText('[data-testid=commitment-note] .notice__title', 'Answering commits nobody');
    await checkA11y('assessment overview');
    await signOutAny();
  });

  test('three buyers answer: high interest in the first area, Utrecht volunteers to lead', async () => {
    await answer(UTRECHT, {
      lead: true,
      planned: { cpv: '34144511', value: '2400000', description: 'Six electric refuse trucks' },
      a11y: true,
    });
    await answer(LYON);
    await answer(MILANO);
  });

  test('an organisation outside the EU, the EEA and EFTA is told why it cannot answer', async () => {
    await signInEnglish(CAMDEN);
    await page.goto(`${base}${assessmentPath}`);
    await until('the reason', async () => ((await page.locator('[data-testid=assessment-problem]').textContent().catch(() => '')) ?? '').trim().length > 0);
    await expectHeading('Needs assessment');
    assert.equal(await page.getByRole('button', { name: 'Save draft' }).count(), 0);
    await shot('a04-not-eligible');
    await checkA11y('needs assessment (not eligible)');
    await signOutAny();
  });

  test('the secretariat sees the answers and the analysis', async () => {
    await signInEnglish(SECRETARIAT);
    await page.goto(`${base}${assessmentPath}/progress`);
    await expectHeading(ASSESSMENT);
    await expectText('[data-testid=progress-counts] [data-figure=submitted] dd', '3');
    await openTab('Analysis');
    const chart = page.locator('[data-testid=interest-chart]');
    await chart.waitFor();
    assert.equal(await chart.getAttribute('role'), 'img');
    assert.equal(
      await chart.getAttribute('aria-label'),
      `Interested organisations per area: ${AREA_1} 3; ${AREA_2} 0`,
    );
    const first = page.locator('[data-testid=analysis] tbody tr').first();
    const cells = (await first.locator('th, td').allTextContents()).map((s) => s.trim());
    assert.deepEqual(cells.slice(0, 7), [AREA_1, '3', '3', '0', '0', '1', '1']);
    assert.equal(cells[7], '€2,400,000');
    await shot('a05-analysis');
    await checkA11y('assessment analysis');
  });

  test('the secretariat forms the working group with the optimiser and creates it', async () => {
    await openTab('Group formation');
    const form = page.getByRole('region', { name: 'Parameters' });
    await form.getByLabel('Most areas to open (K)').fill('1');
    await form.getByLabel('Smallest group (optional)').fill('2');
    await form.getByLabel('Largest group (optional)').fill('10');
    await checkA11y('group formation');
    const instance = await form.getByRole('link', { name: 'Download the instance (JSON)' }).getAttribute('href');
    assert.match(instance, /\/instance\?max_open_areas=1&min_size=2&max_size=10/);
    const res = await page.request.get(new URL(instance, base).href);
    assert.equal(res.status(), 200);
    assert.ok(await res.json(), 'the instance is JSON');

    await form.getByRole('button', { name: 'Solve' }).click();
    const result = page.locator('[data-testid=formation-result]');
    await result.waitFor();
    await expectText('[data-testid=formation-facts] div:first-child dd', 'Optimal');
    const group = result.locator('[data-testid=groups] li.group-list__item');
    assert.equal(await group.count(), 1);
    await expectText('[data-testid=groups] .group-list__title strong', AREA_1);
    const members = (await group.locator('ul li').allTextContents()).map((s) => s.trim()).sort();
    assert.deepEqual(members, ['Comune di Milano', 'Gemeente Utrecht', 'Ville de Lyon']);
    // why each organisation is in the group: an expandable explanation per organisation
    assert.ok((await result.locator('[data-testid=org-explanations] details').count()) >= 3);
    await result.locator('[data-testid=org-explanations] details summary').first().click();
    await shot('a06-formation');
    await checkA11y('group formation result');

    await result.getByRole('button', { name: 'Create these working groups' }).click();
    const created = page.locator('[data-testid=created-groups]');
    await created.waitFor();
    const link = created.getByRole('link', { name: `Working group “${AREA_1}”` });
    groupPath = await link.getAttribute('href');
    assert.match(groupPath, /^\/communities\/\d+$/);
    await checkA11y('working groups created');
    await link.click();
    await expectHeading(/./);
    await expectText('main .page-header .lead', /^Working group · Closed$/);
    await signOutAny();
  });

  test('an invited buyer commits formally and becomes an active member', async () => {
    await signInEnglish(MILANO);
    await page.goto(`${base}${groupPath}`);
    await expectText('[data-testid=my-membership]', /^You have been invited to join this community\. Your role: /);
    assert.equal(await page.getByRole('button', { name: 'Accept the invitation' }).count(), 0);
    await page.getByRole('button', { name: 'Decline (join the observers)' }).waitFor();
    await shot('a07-commitment');
    await checkA11y('working group (invited)');
    await page.getByRole('button', { name: 'Commit formally' }).click();
    await expectText('main .notice--success', /^Your organisation has committed to “.+”\. You are now a member \(role: .+\)\.$/);
    await expectText('[data-testid=my-membership]', /^You are a member of this community\. Your role: /);
    await page.getByRole('navigation', { name: 'Workspace' }).waitFor();
    await shot('a08-committed');
    await checkA11y('working group (committed)');
    await signOutAny();
  });

  test('no CSP violation or script error happened', () => {
    assert.deepEqual(cspViolations, []);
    assert.deepEqual(pageErrors, []);
  });
});

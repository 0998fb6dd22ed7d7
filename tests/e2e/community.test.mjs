// End-to-end test of communities (Step 4) against the real server and Debian's Chromium: a buyer
// starts a working group, invites a colleague, discusses, shares a document and holds a market
// engagement session with a supplier; the community's figures follow. Axe checks every new page.
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

const LEADER = 'buyer@lyon.example'; // Lucas Bernard, Ville de Lyon; his account speaks French
const MEMBER = 'buyer@utrecht.example'; // Daan Bakker, Gemeente Utrecht
const SUPPLIER = 'sales@electra.example'; // Felix Wagner, Electra Commercial Vehicles GmbH; German
const COMMUNITY = 'E2E zero-emission refuse trucks';
const EVENT = 'E2E market engagement: electric refuse trucks';
const THREAD = 'Charging at the depot';

useServerAndBrowser('community');

const mainNav = () => page.getByRole('navigation', { name: 'Main' });
const workspace = () => page.getByRole('navigation', { name: 'Workspace' });

async function openTab(name) {
  await workspace().getByRole('link', { name, exact: true }).click();
  await until(`the ${name} tab`, async () =>
    ((await page.locator('#panel-title').textContent()) ?? '').trim().length > 0 &&
    (await workspace().getByRole('link', { name, exact: true }).getAttribute('aria-current')) === 'page',
  );
}

/** The number a figure tile of the community's Figures tab shows. */
async function figure(key) {
  const dd = page.locator(`[data-testid=community-figures] [data-figure=${key}] dd`);
  await dd.waitFor();
  return ((await dd.textContent()) ?? '').trim();
}

/** Yesterday's date (YYYY-MM-DD): an event then, in Europe/Paris, has been held. */
function yesterday() {
  const d = new Date(Date.now() - 24 * 3600 * 1000);
  return d.toISOString().slice(0, 10);
}

let communityPath;
let eventPath;

describe('Cobuy communities', () => {
  test('a buyer starts an open working group from the communities page', async () => {
    await signInEnglish(LEADER);
    await expectText('[data-testid=who]', 'Lucas Bernard, Ville de Lyon');
    await mainNav().getByRole('link', { name: 'Communities', exact: true }).click();
    await expectHeading('Communities');
    assert.equal(await page.title(), 'Communities – Cobuy');
    const form = page.getByRole('region', { name: 'Start a community' });
    await form.waitFor();
    await shot('c01-communities');
    await checkA11y('communities');

    // nothing filled in: the error summary takes focus and names the fields
    await form.getByRole('button', { name: 'Create the community' }).click();
    await expectText('.error-summary li:first-child', 'Enter a name for the community.');
    await checkA11y('communities with errors');

    await form.getByLabel('Name', { exact: true }).fill(COMMUNITY);
    await form.getByLabel('Kind of community').selectOption('working_group');
    await form.getByRole('radio', { name: /^Open/ }).check();
    await form.getByLabel('Aim', { exact: true }).fill('Prepare a joint tender for zero-emission refuse trucks.');
    await form.getByLabel('Topic (optional)').fill('refuse trucks');
    await form.getByRole('button', { name: 'Create the community' }).click();
    await until('the community page', async () => /^\/communities\/\d+$/.test(new URL(page.url()).pathname));
    communityPath = new URL(page.url()).pathname;
    await expectHeading(COMMUNITY);
    await expectText('main .page-header .lead', 'Working group · Open');
    await expectText('[data-testid=my-membership]', 'You are a member of this community. Your role: Leader.');
    assert.deepEqual(
      (await workspace().getByRole('link').allTextContents()).map((s) => s.trim()),
      ['Overview', 'Discussions', 'Documents', 'Events', 'Work plan', 'Outputs', 'Members', 'Figures'],
    );
    await shot('c02-community-overview');
    await checkA11y('community overview');
  });

  test('the leader invites a colleague from Utrecht as a member', async () => {
    await openTab('Members');
    await expectText('#panel-title', 'Members');
    const invite = page.getByRole('region', { name: 'Invite a member' });
    await invite.getByLabel('E-mail address').fill(MEMBER);
    await invite.getByLabel('Role').selectOption('member');
    await invite.getByRole('button', { name: 'Send the invitation' }).click();
    await expectText('main .notice--success', 'Daan Bakker has been invited (role: Member).');
    await until('the invitee in the directory', async () =>
      ((await page.locator('[data-testid=members]').textContent()) ?? '').includes('Daan Bakker'),
    );
    await shot('c03-members');
    await checkA11y('community members');
  });

  test('the leader starts a discussion', async () => {
    await openTab('Discussions');
    const form = page.getByRole('region', { name: 'Start a discussion' });
    await form.getByLabel('Subject').fill(THREAD);
    await form.getByLabel('Your message').fill('Who has tendered depot chargers for electric refuse trucks?');
    await form.getByRole('button', { name: 'Start the discussion' }).click();
    await expectText('#panel-title', THREAD);
    await expectText('[data-testid=posts] .prose', 'Who has tendered depot chargers for electric refuse trucks?');
    await shot('c04-thread');
    await checkA11y('community thread');
    await page.getByRole('link', { name: 'All discussions' }).click();
    await expectText('[data-testid=threads] th[scope=row]', THREAD);
    await checkA11y('community discussions');
  });

  test('the leader shares a small text document', async () => {
    await openTab('Documents');
    const form = page.getByRole('region', { name: 'Share a document' });
    await form.getByLabel('Title').fill('Depot visit notes');
    await form.getByLabel('File', { exact: true }).setInputFiles({
      name: 'depot-notes.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('Depot visit: 12 chargers, 150 kW each.\n'),
    });
    await form.getByRole('button', { name: 'Upload' }).click();
    await expectText('main .notice--success', 'The document “Depot visit notes” has been shared.');
    const card = page.getByRole('region', { name: 'Depot visit notes' });
    const cells = (await card.locator('tbody tr').first().locator('th, td').allTextContents()).map((s) => s.trim());
    assert.equal(cells[0], '1');
    assert.equal(cells[1], 'depot-notes.txt');
    assert.equal(cells[2], '39 bytes');
    const link = card.getByRole('link', { name: 'Download version 1 of “Depot visit notes”' });
    const res = await page.request.get(new URL((await link.getAttribute('href')) ?? '', base).href);
    assert.equal(res.status(), 200);
    assert.equal(await res.text(), 'Depot visit: 12 chargers, 150 kW each.\n');
    await shot('c05-documents');
    await checkA11y('community documents');
  });

  test('the figures start at zero; a market engagement session held yesterday counts once planned', async () => {
    await openTab('Figures');
    assert.equal(await figure('companies_engaged'), '0');
    assert.equal(await figure('market_engagement_sessions'), '0');
    assert.equal(await figure('documents_shared'), '1');
    await checkA11y('community figures');

    await openTab('Events');
    await checkA11y('community events');
    const form = page.getByRole('region', { name: 'Plan an event' });
    await form.getByLabel('Kind of event').selectOption('market_engagement');
    await form.getByLabel('Title').fill(EVENT);
    await form.getByLabel('Agenda (optional)').fill('Electra presents its electric refuse trucks; questions from the buyers.');
    await form.getByLabel('Starts').fill(`${yesterday()}T10:00`);
    await form.getByLabel('Ends').fill(`${yesterday()}T12:00`);
    await form.getByLabel('Time zone').selectOption('Europe/Paris');
    await form.getByLabel('Place (optional)').fill('Lyon, Hôtel de Ville');
    await form.getByRole('button', { name: 'Plan the event' }).click();
    await expectText('#panel-title', EVENT);
    await until('the event page', async () => /^\/communities\/\d+\/events\/\d+$/.test(new URL(page.url()).pathname));
    eventPath = new URL(page.url()).pathname;
    await expectText('[data-testid=event-facts] time', /^\d{1,2} \w+ \d{4} at 10:00 – 12:00 \(Europe\/Paris\)$/);

    // invite the market actor Felix Wagner
    const invite = page.getByRole('region', { name: 'Invite people' });
    await invite.getByLabel('Find market actors (optional)').fill('Felix');
    await invite.getByRole('button', { name: 'Search' }).click();
    await invite.getByLabel('Felix Wagner (Electra Commercial Vehicles GmbH)').check();
    await invite.getByRole('button', { name: 'Send the invitations' }).click();
    await until('Felix among the invited', async () =>
      ((await page.locator('[data-testid=invited]').textContent().catch(() => '')) ?? '').includes('Felix Wagner'),
    );
    await shot('c06-event');
    await checkA11y('community event');

    await openTab('Figures');
    await until('the session counted as held', async () => (await figure('market_engagement_sessions')) === '1');
    assert.equal(await figure('companies_engaged'), '0', 'nobody from a company has attended yet');
    await signOutAny();
  });

  test('the invited colleague accepts the invitation', async () => {
    await signInEnglish(MEMBER);
    await page.goto(`${base}${communityPath}`);
    await expectHeading(COMMUNITY);
    await expectText('[data-testid=my-membership]', 'You have been invited to join this community. Your role: Member.');
    await page.getByRole('button', { name: 'Accept the invitation' }).click();
    await expectText('[data-testid=my-membership]', 'You are a member of this community. Your role: Member.');
    await workspace().waitFor();
    await openTab('Discussions');
    await expectText('[data-testid=threads] th[scope=row]', THREAD);
    await shot('c07-member');
    await checkA11y('community (member)');
    await signOutAny();
  });

  test('the market actor registers for the event he was invited to', async () => {
    await signInEnglish(SUPPLIER);
    await page.goto(`${base}${eventPath}`);
    await expectText('#panel-title', EVENT);
    assert.equal(await page.getByRole('navigation', { name: 'Workspace' }).count(), 0, 'a guest sees the event, not the workspace');
    await expectText('[data-testid=my-registration]', 'Not registered');
    await page.getByRole('button', { name: 'Register', exact: true }).click();
    await expectText('[data-testid=my-registration]', 'Registered');
    await shot('c08-guest-registered');
    await checkA11y('event (guest)');
    await signOutAny();
  });

  test('the leader records Felix Wagner’s attendance: one company engaged', async () => {
    await signInEnglish(LEADER);
    await page.goto(`${base}${eventPath}`);
    await expectText('#panel-title', EVENT);
    await until('Felix among the registered', async () =>
      ((await page.locator('[data-testid=registered]').textContent().catch(() => '')) ?? '').includes('Felix Wagner'),
    );
    const attendance = page.getByRole('group', { name: 'Who attended' });
    await attendance.getByLabel('Felix Wagner (Electra Commercial Vehicles GmbH)').check();
    await page.getByRole('button', { name: 'Save the attendance' }).click();
    await until('the attendance shown', async () =>
      ((await page.locator('[data-testid=registered]').textContent()) ?? '').includes('attended'),
    );
    await openTab('Figures');
    await until('one company engaged', async () => (await figure('companies_engaged')) === '1');
    assert.equal(await figure('market_engagement_sessions'), '1');
    assert.equal(await figure('meetings_total'), '1');
    await shot('c09-figures');
    await checkA11y('community figures after the session');
  });

  test('the dashboard reports the platform’s figures with accessible charts', async () => {
    await mainNav().getByRole('link', { name: 'Dashboard', exact: true }).click();
    await expectHeading('Dashboard');
    await until('the report', async () => ((await page.locator('[data-testid=report]').textContent()) ?? '').trim().length > 0);
    const charts = page.locator('main svg[role=img]');
    assert.equal(await charts.count(), 2);
    assert.match((await charts.nth(0).getAttribute('aria-label')) ?? '', /^Meetings by kind: .*Market engagement session \d+/);
    assert.match(
      (await charts.nth(1).getAttribute('aria-label')) ?? '',
      new RegExp(`^Companies engaged and member organisations per community: .*${COMMUNITY} Companies engaged 1, Member organisations 2`),
    );
    const csv = page.getByRole('link', { name: 'Download the figures (CSV)' });
    assert.equal(await csv.getAttribute('href'), '/api/v1/figures.csv');
    const res = await page.request.get(`${base}/api/v1/figures.csv`);
    assert.equal(res.status(), 200);
    assert.match(await res.text(), new RegExp(COMMUNITY));
    await shot('c10-dashboard');
    await checkA11y('dashboard');
  });

  test('the exchanges page takes an offer to host', async () => {
    await mainNav().getByRole('link', { name: 'Staff exchanges', exact: true }).click();
    await expectHeading('Staff exchanges');
    await checkA11y('exchanges');
    const form = page.getByRole('region', { name: 'Offer or request an exchange' });
    await form.getByLabel('host a colleague (offer)').check();
    await form.getByLabel('Topic').fill('Electric refuse fleet in daily use');
    await form.getByLabel('Description').fill('A week with the fleet team of Lyon.');
    await form.getByLabel('From').fill('2027-05-03');
    await form.getByLabel('Until').fill('2027-05-07');
    await form.getByLabel('Community (optional)').selectOption({ label: COMMUNITY });
    await form.getByRole('button', { name: 'Publish' }).click();
    const mine = page.locator('[data-testid=my-exchanges]');
    await until('the offer among mine', async () =>
      ((await mine.textContent().catch(() => '')) ?? '').includes('Electric refuse fleet in daily use'),
    );
    await mine.getByRole('button', { name: /^Show suggested matches/ }).first().click();
    await page.getByRole('heading', { name: 'Suggested matches' }).first().waitFor();
    await shot('c11-exchanges');
    await checkA11y('exchanges with an offer');
  });

  test('notification preferences and the personal calendar', async () => {
    await mainNav().getByRole('link', { name: /^Notifications/ }).click();
    await expectHeading('Notifications');
    const prefs = page.getByRole('region', { name: 'How we notify you' });
    await prefs.getByLabel('No e-mail').check();
    await prefs.getByRole('button', { name: 'Save the preferences' }).click();
    await expectText('#prefs-title ~ .notice--success', 'Your notification preferences have been saved.');
    await page.getByRole('button', { name: 'Get my calendar address' }).click();
    const url = await until('the calendar address', async () => page.inputValue('#calendar-url').catch(() => ''));
    const res = await page.request.get(url);
    assert.equal(res.status(), 200);
    assert.match(await res.text(), /BEGIN:VCALENDAR[\s\S]*E2E market engagement/);
    await checkA11y('notifications with preferences');
    await signOutAny();
  });

  test('no CSP violation or script error happened', () => {
    assert.deepEqual(cspViolations, []);
    assert.deepEqual(pageErrors, []);
  });
});

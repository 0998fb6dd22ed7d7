// End-to-end test of the web app against the real server and Debian's Chromium.
//
//   node --test tests/e2e/          (from the repository root; needs web/dist and web/node_modules)
//
// The server, the browser and the helpers are in support.mjs.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';

import {
  until,
  textOf,
  expectText,
  expectHeading,
  shot,
  checkA11y,
  signIn,
  signOut,
  page,
  base,
  dbPath,
  cspViolations,
  pageErrors,
  PASSWORD,
  useServerAndBrowser,
} from './support.mjs';

const ADMIN = 'admin@utrecht.example';
const BUYER = 'buyer@utrecht.example';
const SIGNUP_EMAIL = 'e2e.newcomer@utrecht.example';

useServerAndBrowser('web');

describe('Cobuy web app', () => {
  test('the start page leads to sign-in, which is accessible and served under the CSP', async () => {
    const res = await page.goto(`${base}/`);
    assert.match(res.headers()['content-security-policy'] ?? '', /script-src 'self'/);
    await until('the sign-in page', async () => new URL(page.url()).pathname === '/signin');
    await expectHeading('Sign in');
    assert.equal(await page.title(), 'Sign in – Cobuy');
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.equal(await page.locator('header').count(), 1);
    assert.equal(await page.locator('nav').count(), 1);
    assert.equal(await page.locator('main').count(), 1);
    assert.equal(await page.locator('h1').count(), 1);
    // the skip link is the first thing the keyboard reaches, and it is shown then
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.className), 'skip-link');
    assert.equal(await textOf('.skip-link'), 'Skip to main content');
    await shot('01-signin');
    await checkA11y('sign-in');
  });

  test('a wrong password shows the server’s message', async () => {
    await signIn(ADMIN, 'not-the-password');
    await expectText('[data-testid=signin-problem]', 'the e-mail address or password is wrong');
    assert.equal(new URL(page.url()).pathname, '/signin');
    await shot('02-signin-wrong-password');
  });

  test('sign-up sends a request that awaits the administrator’s approval', async () => {
    await page.click('nav a:has-text("Request access")');
    await expectHeading('Request access');
    assert.equal(await page.title(), 'Request access – Cobuy');
    await until('organisations in the list', async () => (await page.locator('#signup-organisation option').count()) >= 3);
    await checkA11y('sign-up');
    await shot('03-signup');
    // errors first: nothing filled in
    await page.click('main button[type=submit]');
    await expectText('#signup-name-error', 'Error: Enter your full name.');
    assert.equal(await page.getAttribute('#signup-name', 'aria-invalid'), 'true');
    assert.match((await page.getAttribute('#signup-name', 'aria-describedby')) ?? '', /signup-name-error/);
    await checkA11y('sign-up with errors');
    await page.fill('#signup-name', 'Noor Visser');
    await page.fill('#signup-email', SIGNUP_EMAIL);
    await page.fill('#signup-password', 'a long pass phrase');
    await page.selectOption('#signup-organisation', { label: 'Gemeente Utrecht (NL)' });
    await page.click('main button[type=submit]');
    await expectHeading('Request sent');
    await expectText(
      'main .notice p',
      'Confirm your e-mail address with the link we have sent you. Then your request awaits approval by your organisation’s administrator at Gemeente Utrecht; you can sign in once it has been approved.',
    );
    // The confirmation link travels only by e-mail (the outbox table); the admin sees the
    // request once it is confirmed, which takes a click (mail scanners open links).
    const body = execFileSync(
      'sqlite3',
      [dbPath, `SELECT body FROM outbox WHERE to_address = '${SIGNUP_EMAIL}' ORDER BY id DESC LIMIT 1`],
      { encoding: 'utf8' },
    );
    const token = body.match(/\/confirm-email\/([A-Za-z0-9_-]+)/)?.[1];
    assert.ok(token, `a confirmation link in the outbox: ${body}`);
    await page.goto(`${base}/confirm-email/${token}`);
    await expectHeading('Confirm your e-mail address');
    await checkA11y('confirm-email');
    await page.click('main button:has-text("Confirm my e-mail address")');
    await expectText('main .notice--success', 'Thank you. Your request now awaits approval by your organisation’s administrator; you can sign in once it is approved.');
  });

  test('the admin sees and edits the organisation profile; the change persists', async () => {
    await signIn(ADMIN, PASSWORD);
    await until('the organisation page', async () => new URL(page.url()).pathname === '/organisation');
    await expectHeading('Gemeente Utrecht');
    await expectText('[data-testid=who]', 'Anouk de Vries, Gemeente Utrecht');
    assert.equal(await page.title(), 'Gemeente Utrecht – Organisation profile – Cobuy');
    await expectText('[data-testid=org-budget]', '€900,000,000');
    await expectText('[data-testid=org-eligible]', 'Yes');
    await expectText('[data-testid=org-country]', /Netherlands$/);
    await shot('04-profile');
    await checkA11y('profile');

    await page.click('main button:has-text("Edit profile")');
    await expectText('#org-edit-title', 'Edit profile');
    assert.equal(await page.inputValue('#org-budget'), '900000000');
    await until('NUTS regions', async () => (await page.locator('#org-nuts option').count()) > 3);
    assert.equal(await page.inputValue('#org-nuts'), 'NL350');
    await shot('05-profile-edit');
    await checkA11y('profile edit');

    // a client-side check, in the person's language, next to the field
    await page.fill('#org-budget', 'lots');
    await page.click('main button:has-text("Save changes")');
    await expectText('#org-budget-error', 'Error: Enter the budget as an amount in euro, for example 1250000.');
    assert.equal(await page.getAttribute('#org-budget', 'aria-invalid'), 'true');

    // a server-side field error (schemes are at most 64 bytes) lands next to its field
    await page.fill('#org-budget', '950000000');
    await page.click('#org-add-identifier');
    await until('the new identifier row focused', async () =>
      page.evaluate(() => document.activeElement?.id === 'org-identifier-0-scheme'),
    );
    await page.fill('#org-identifier-0-scheme', 'X'.repeat(70));
    await page.fill('#org-identifier-0-id', '30280353');
    await page.click('main button:has-text("Save changes")');
    await expectText('#org-identifier-0-scheme-error', 'Error: must be at most 64 bytes long');
    assert.equal(await page.getAttribute('#org-identifier-0-scheme', 'aria-invalid'), 'true');
    await shot('06-profile-edit-server-error');
    await checkA11y('profile edit with errors');

    await page.fill('#org-identifier-0-scheme', 'NL-KVK');
    await page.click('main button:has-text("Save changes")');
    await expectText('main .notice--success', 'The profile has been saved.');
    await expectText('[data-testid=org-budget]', '€950,000,000');
    await expectText('[data-testid=org-identifiers]', 'NL-KVK 30280353');

    await page.reload();
    await expectHeading('Gemeente Utrecht');
    await expectText('[data-testid=org-budget]', '€950,000,000');
    await expectText('[data-testid=org-identifiers]', 'NL-KVK 30280353');
    await shot('07-profile-saved');
  });

  test('people: the admin sees the members, approves the sign-up and invites someone', async () => {
    await page.click('nav a:has-text("People")');
    await expectHeading('People');
    const table = page.locator('[data-testid=people-table]');
    await until('buyer in the table', async () => (await table.textContent())?.includes(BUYER));
    // Exactly this address: new.buyer@utrecht.example also contains it.
    const buyerRow = table.locator('tr').filter({ has: page.locator('td', { hasText: /^buyer@utrecht\.example$/ }) });
    await expectText(`[data-testid=people-table] tr:has-text("${BUYER}") td:nth-of-type(2)`, 'Buyer');
    assert.match((await buyerRow.textContent()) ?? '', /Daan Bakker/);
    const pendingRow = table.locator('tr', { hasText: SIGNUP_EMAIL });
    assert.match((await pendingRow.textContent()) ?? '', /Awaiting approval/);
    await shot('08-people');
    await checkA11y('people');

    await pendingRow.locator('button:has-text("Approve")').click();
    await expectText('main .notice--success', 'Noor Visser has been approved and can now sign in.');
    assert.match((await pendingRow.textContent()) ?? '', /Active/);

    await page.fill('#invite-email', 'e2e.invitee@utrecht.example');
    await page.selectOption('#invite-role', 'observer');
    await page.click('main button:has-text("Send invitation")');
    await expectText('#invite-title ~ .notice--success', /^An invitation has been sent to e2e\.invitee@utrecht\.example \(role: Observer\)\. It is valid until /);
    await shot('09-people-invited');
  });

  test('the CPV picker finds “Müllfahrzeuge” and picks 34144511-3 by keyboard', async () => {
    await page.click('nav a:has-text("CPV lookup")');
    await expectHeading('CPV lookup');
    const box = page.getByRole('combobox', { name: 'Search CPV codes' });
    await box.click();
    await box.pressSequentially('Müllfahrzeuge', { delay: 20 });
    await until('the listbox to open', async () => (await box.getAttribute('aria-expanded')) === 'true');
    const options = page.locator('[role=listbox] [role=option]');
    const codes = await options.locator('.combobox__code').allTextContents();
    assert.ok(codes.includes('34144511-3'), `34144511-3 among ${codes.join(', ')}`);
    await shot('10-cpv-open');
    await checkA11y('CPV (list open)');
    const target = codes.indexOf('34144511-3');
    for (let i = 0; i <= target; i++) await box.press('ArrowDown');
    const activeId = await box.getAttribute('aria-activedescendant');
    assert.equal(await page.locator(`#${activeId} .combobox__code`).textContent(), '34144511-3');
    assert.equal(await page.getAttribute(`#${activeId}`, 'aria-selected'), 'true');
    await box.press('Enter');
    await expectText('[data-testid=cpv-picked] li:first-child .code', '34144511-3');
    assert.equal(await box.getAttribute('aria-expanded'), 'false');
    assert.equal(await box.inputValue(), '');
    // Escape closes an open list and keeps the text
    await box.pressSequentially("computer", { delay: 20 });
    await until('the listbox to open', async () => (await box.getAttribute('aria-expanded')) === 'true');
    await box.press('Escape');
    assert.equal(await box.getAttribute('aria-expanded'), 'false');
    assert.equal(await box.inputValue(), "computer");
    await shot('11-cpv-picked');
    await checkA11y('CPV');
  });

  test('a buyer searches the register, narrows it by country and reads a contract’s eligibility', async () => {
    // The search is for signed-in buyers: switch from the admin to the demo buyer, and back at the end.
    await signOut();
    await signIn(BUYER, PASSWORD);
    await until('the organisation page', async () => new URL(page.url()).pathname === '/organisation');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Contracts', exact: true }).click();
    await expectHeading('Contract register');
    assert.equal(await page.title(), 'Contract register – Cobuy');

    const results = page.getByRole('region', { name: 'Results' });
    const count = results.getByRole('status');
    const countText = async () => ((await count.textContent()) ?? '').replace(/\s+/g, ' ').trim();
    const FOUND = /^(?:No contracts found|1 contract found|\d[\d,]* contracts found)$/;
    await until('the register’s first results', async () => FOUND.test(await countText()));
    const initial = await countText();

    // a word the generated demo data uses in English titles ("Supply of …")
    await page.getByRole('searchbox', { name: 'Search the register' }).fill('supply');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await until('the query in the URL', async () => new URL(page.url()).searchParams.get('q') === 'supply');
    // the count is "Searching…" while the search runs, and differs from the whole register's after
    await until('results for “supply”', async () => {
      const text = await countText();
      return FOUND.test(text) && text !== initial;
    });
    const before = await countText();
    assert.match(before, /^\d[\d,]* contracts found$/, 'the demo data has several processes matching “supply”');

    // the first value of the country facet: its count becomes the result count
    const countries = page.getByRole('group', { name: 'Buyer’s country' });
    const firstCountry = countries.getByRole('checkbox').first();
    const label = ((await page.locator(`label[for="${await firstCountry.getAttribute('id')}"]`).textContent()) ?? '')
      .replace(/\s+/g, ' ')
      .trim();
    const facetCount = label.match(/\(([\d,]+)\)$/)?.[1];
    assert.ok(facetCount, `a count in the country facet’s label: ${label}`);
    const expected = facetCount === '1' ? '1 contract found' : `${facetCount} contracts found`;
    await firstCountry.check();
    await until('the country in the URL', async () => /^[A-Z]{2}$/.test(new URL(page.url()).searchParams.get('country') ?? ''));
    assert.equal(new URL(page.url()).searchParams.get('q'), 'supply');
    await until(`the count to read “${expected}”`, async () => (await countText()) === expected);
    assert.notEqual(expected, before, 'narrowing to one country changes the result count');
    assert.ok(await firstCountry.isChecked());
    // the active filter is listed with a button that removes it
    const active = results.getByRole('list', { name: 'Active filters' });
    assert.equal(await active.getByRole('button', { name: /^Remove filter: Buyer’s country: / }).count(), 1);
    await shot('12a-contract-search');
    await checkA11y('contract search');

    // open the first result
    const firstLink = results.getByRole('list', { name: 'Results' }).getByRole('heading', { level: 3 }).first().getByRole('link');
    const title = ((await firstLink.textContent()) ?? '').replace(/\s+/g, ' ').trim();
    assert.ok(title, 'the first result has a title');
    await firstLink.click();
    await until('the contract page', async () => /^\/contracts\/[^/]+$/.test(new URL(page.url()).pathname));
    await expectHeading(title);
    const panel = page.getByRole('region', { name: 'Can we use this contract?' });
    await panel.waitFor();
    assert.equal(((await panel.getByRole('heading', { level: 2 }).textContent()) ?? '').trim(), 'Can we use this contract?');
    const verdict = panel.getByText(/^(Likely usable|Not usable|Ask the lead buyer)$/);
    assert.equal(await verdict.count(), 1, 'one verdict in the eligibility panel');
    // The demo data is deterministic: the first French "supply" result is a generated eForms
    // notice whose English title ("Supplies: …", a language variant) says "supply" itself: a plain
    // supply contract (no framework, DPS or central purchasing body), which no other buyer can
    // use, and the panel says why in words.
    assert.equal(title, 'Fourniture : Oxygénothérapie et assistance respiratoire');
    assert.equal(((await verdict.textContent()) ?? '').trim(), 'Not usable');
    const reasons = panel.getByRole('list', { name: 'Why' });
    assert.deepEqual(
      (await reasons.getByRole('listitem').allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim()),
      ['It is neither a framework agreement, a dynamic purchasing system nor run by a central purchasing body.'],
    );
    await panel.getByText(/^This is guidance drawn from the published data/).waitFor();
    await shot('12b-contract');
    await checkA11y('contract page');

    // back returns to the narrowed search, as the URL kept it
    await page.goBack();
    await expectHeading('Contract register');
    assert.equal(new URL(page.url()).searchParams.get('q'), 'supply');
    await until(`the count to read “${expected}” again`, async () => (await countText()) === expected);

    // back to the admin where the next test starts
    await signOut();
    await signIn(ADMIN, PASSWORD);
    await until('the organisation page', async () => new URL(page.url()).pathname === '/organisation');
    await page.click('nav a:has-text("CPV lookup")');
    await expectHeading('CPV lookup');
  });

  test('the language switch translates the app, sets <html lang> and is remembered', async () => {
    await page.selectOption('#language-select', 'de');
    await expectHeading('CPV-Suche');
    assert.equal(await page.getAttribute('html', 'lang'), 'de');
    assert.equal(await textOf('label[for=language-select]'), 'Sprache');
    assert.equal(await page.title(), 'CPV-Suche – Cobuy');
    await page.click('nav a:has-text("Organisation")');
    await expectHeading('Gemeente Utrecht');
    await expectText('[data-testid=org-budget]', '950.000.000\u00a0€');
    await expectText('main dl div:nth-child(2) dt', 'Art der Organisation');
    await expectText('main dl div:nth-child(2) dd', 'Kommune');
    await shot('12-profile-de');
    await checkA11y('profile (de)');
    // saved to the account: a reload (which asks /api/v1/me) keeps German
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await expectHeading('Gemeente Utrecht');
    await expectText('label[for=language-select]', 'Sprache');
    assert.equal(await page.getAttribute('html', 'lang'), 'de');

    await page.selectOption('#language-select', 'fr');
    await expectText('main dl div:nth-child(2) dt', 'Type d’organisation');
    await expectText('[data-testid=org-budget]', '950\u202f000\u202f000\u00a0€');
    assert.equal(await page.getAttribute('html', 'lang'), 'fr');
    assert.equal(await page.title(), 'Gemeente Utrecht – Profil de l’organisation – Cobuy');
    await page.click('nav a:has-text("Personnes")');
    await expectHeading('Personnes');
    await shot('13-people-fr');
    await checkA11y('people (fr)');

    await page.selectOption('#language-select', 'en');
    await expectHeading('People');
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
  });

  test('signing out leads back to the sign-in page', async () => {
    await signOut();
    assert.equal(await page.locator('[data-testid=who]').count(), 0);
    // a page that needs a session now sends the person to sign in
    await page.goto(`${base}/organisation/people`);
    await until('the sign-in redirect', async () => new URL(page.url()).pathname === '/signin');
    assert.equal(new URL(page.url()).searchParams.get('next'), '/organisation/people');
  });

  test('the invitee accepts the invitation and signs in', async () => {
    // The token travels only by e-mail; the demo server keeps mail in its outbox table.
    // sqlite3 is installed by scripts/install-deps.sh; without it this test fails, never skips.
    const body = execFileSync(
      'sqlite3',
      [dbPath, "SELECT body FROM outbox WHERE to_address = 'e2e.invitee@utrecht.example' ORDER BY id DESC LIMIT 1"],
      { encoding: 'utf8' },
    );
    const token = body.match(/\/invite\/([A-Za-z0-9_-]+)/)?.[1];
    assert.ok(token, `an invitation link in the outbox: ${body}`);
    await page.goto(`${base}/invite/${token}`);
    await expectHeading('Accept invitation');
    await expectText('main .invitation-facts p', 'You have been invited to work on Cobuy for Gemeente Utrecht. Your role: Observer.');
    await expectText('main .invitation-facts dd', 'e2e.invitee@utrecht.example');
    await shot('15-invitation');
    await checkA11y('invitation');
    await page.fill('#invite-name', 'Sanne de Boer');
    await page.fill('#invite-password', 'another long phrase');
    await page.fill('#invite-confirm', 'another long phrase!');
    await page.click('main button[type=submit]');
    await expectText('#invite-confirm-error', 'Error: The two passwords are not the same.');
    await page.fill('#invite-confirm', 'another long phrase');
    await page.click('main button[type=submit]');
    await expectHeading('Your account is ready');
    await page.click('main a:has-text("Sign in")');
    await expectHeading('Sign in');
    await page.fill('#signin-email', 'e2e.invitee@utrecht.example');
    await page.fill('#signin-password', 'another long phrase');
    await page.click('main button[type=submit]');
    await expectText('[data-testid=who]', 'Sanne de Boer, Gemeente Utrecht');
    await signOut();
  });

  test('a buyer sees the profile but cannot edit it or manage people', async () => {
    await signIn(BUYER, PASSWORD);
    await until('the organisation page', async () => new URL(page.url()).pathname === '/organisation');
    await expectHeading('Gemeente Utrecht');
    await expectText('[data-testid=who]', 'Daan Bakker, Gemeente Utrecht');
    await expectText('[data-testid=org-budget]', '€950,000,000');
    assert.equal(await page.locator('main button:has-text("Edit profile")').count(), 0);
    await shot('14-profile-buyer');
    await page.click('nav a:has-text("People")');
    await expectHeading('People');
    await until('the table', async () => (await page.locator('[data-testid=people-table]').count()) === 1);
    assert.equal(await page.locator('#invite-email').count(), 0);
    assert.equal(await page.locator('main button:has-text("Approve")').count(), 0);
    await signOut();
  });

  test('no CSP violation or script error happened', () => {
    assert.deepEqual(cspViolations, []);
    assert.deepEqual(pageErrors, []);
  });
});

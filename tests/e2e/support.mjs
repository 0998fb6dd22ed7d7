// The harness of the browser end-to-end tests: a `cobuy serve` on a fresh demo database and
// Debian's Chromium driven by playwright-core, with helpers to wait, read, sign in and run
// axe-core. Each test file calls useServerAndBrowser(name) at its top level (node --test runs
// each file in its own process, so the state below is one file's).
//
// Environment: COBUY_BIN (default build/debug/src/cli/cobuy), CHROMIUM (default /usr/bin/chromium),
// COBUY_E2E_SHOTS (a folder for screenshots; default a fresh temporary folder), COBUY_E2E_DEMO_DB
// (a demo database made once for the run, copied by each file; default: each file runs
// `cobuy demo load` itself), COBUY_E2E_TIMEOUT_MS (how long a wait may take, default 30000).
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const webDir = path.join(repo, 'web');
const requireWeb = createRequire(path.join(webDir, 'package.json'));
const { chromium } = requireWeb('playwright-core');
const axeSource = fs.readFileSync(requireWeb.resolve('axe-core/axe.min.js'), 'utf8');

const bin = path.resolve(repo, process.env.COBUY_BIN ?? 'build/debug/src/cli/cobuy');
const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const demoTemplate = process.env.COBUY_E2E_DEMO_DB ? path.resolve(repo, process.env.COBUY_E2E_DEMO_DB) : null;
const distDir = path.join(webDir, 'dist');

export const PASSWORD = 'cobuy-demo-2026';
// How long a wait may take before a test fails: generous, since the debug server runs under
// ASan and `make test` runs the C++ tests beside the browser (CI's 2 cores saw waits past 10 s).
const timeoutMs = Number(process.env.COBUY_E2E_TIMEOUT_MS ?? 30000);
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

let tmp;
let shots;
let server;
let serverLog = '';
let context;
/** The demo database the server runs on, its address, and the browser page (set before the tests). */
export let dbPath;
export let base;
export let page;
/** What the browser reported: the tests assert both stay empty. */
export const cspViolations = [];
export const pageErrors = [];

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url, ms) {
  const end = Date.now() + ms;
  let last;
  while (Date.now() < end) {
    if (server.exitCode !== null) throw new Error(`cobuy serve exited with ${server.exitCode}:\n${serverLog}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
      last = `HTTP ${res.status}`;
    } catch (e) {
      last = e.message;
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${url} did not answer within ${ms} ms (${last}):\n${serverLog}`);
}

/** Polls until fn() returns a truthy value; fails with `what` after `ms`. */
export async function until(what, fn, ms = timeoutMs) {
  const end = Date.now() + ms;
  let last;
  while (Date.now() < end) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
}

export async function textOf(selector) {
  return (await page.locator(selector).first().textContent())?.trim();
}

export async function expectText(selector, expected) {
  await until(`${selector} to read ${JSON.stringify(expected)}`, async () => {
    const text = await page.locator(selector).first().textContent({ timeout: 1000 }).catch(() => null);
    const norm = text?.replace(/[ \t\r\n]+/g, ' ').trim();
    return expected instanceof RegExp ? expected.test(norm ?? '') : norm === expected;
  });
}

export async function expectHeading(text) {
  await expectText('main h1', text);
}

export async function shot(name) {
  const file = path.join(shots, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * Runs axe-core on the current page. The server's CSP (script-src 'self') forbids injecting a
 * <script>; page.evaluate goes through the DevTools protocol, which CSP does not govern, so
 * axe's source is evaluated that way and the app's own CSP stays in force for the whole test.
 */
export async function checkA11y(name) {
  const loaded = await page.evaluate(() => typeof window.axe === 'object');
  if (!loaded) await page.evaluate(axeSource);
  const result = await page.evaluate(
    (tags) =>
      window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    AXE_TAGS,
  );
  const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  for (const v of result.violations) {
    const where = v.nodes.map((n) => `      ${n.target.join(' ')}: ${n.failureSummary?.split('\n').join(' ')}`);
    console.log(`  axe ${name}: [${v.impact}] ${v.id}: ${v.help}\n${where.join('\n')}`);
  }
  assert.deepEqual(
    serious.map((v) => `${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    [],
    `axe found serious or critical violations on the ${name} page`,
  );
}

export async function signIn(email, password) {
  await page.goto(`${base}/signin`);
  await expectHeading('Sign in');
  await page.fill('#signin-email', email);
  await page.fill('#signin-password', password);
  await page.click('main button[type=submit]');
}

export async function signOut() {
  await page.click('header button:has-text("Sign out")');
  await until('the sign-in page', async () => new URL(page.url()).pathname === '/signin');
  await expectHeading('Sign in');
}

/** Starts the server and the browser before the file's tests and stops them after. */
export function useServerAndBrowser(name) {
  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), `cobuy-e2e-${name}-`));
    shots = process.env.COBUY_E2E_SHOTS ?? path.join(tmp, 'screenshots');
    fs.mkdirSync(shots, { recursive: true });
    assert.ok(fs.existsSync(bin), `no cobuy binary at ${bin}: build it, or set COBUY_BIN`);
    assert.ok(fs.existsSync(path.join(distDir, 'index.html')), `no ${distDir}/index.html: run "npm run build" in web/`);
    const db = (dbPath = path.join(tmp, 'cobuy.db'));
    if (demoTemplate) {
      // The demo made once for the whole run (tests/fixtures/make_db.cmake): this file's own copy.
      fs.copyFileSync(demoTemplate, db);
      if (fs.existsSync(`${demoTemplate}.search`)) fs.cpSync(`${demoTemplate}.search`, `${db}.search`, { recursive: true });
    } else {
      execFileSync(bin, ['db', 'migrate', '--db', db], { stdio: 'pipe' });
      execFileSync(bin, ['demo', 'load', '--db', db], { stdio: 'pipe' });
    }
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = spawn(bin, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--web', distDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout.on('data', (d) => (serverLog += d));
    server.stderr.on('data', (d) => (serverLog += d));
    await waitForHealth(`${base}/healthz`, 30000);

    context = await chromium.launchPersistentContext(path.join(tmp, 'profile'), {
      executablePath: chromiumPath,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: 1280, height: 900 },
      locale: 'en-GB',
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(timeoutMs);
    page.on('console', (msg) => {
      if (/Content Security Policy/i.test(msg.text())) cspViolations.push(msg.text());
    });
    page.on('pageerror', (err) => pageErrors.push(err.message));
    console.log(`# server ${base}, screenshots in ${shots}`);
  });

  after(async () => {
    await context?.close().catch(() => {});
    if (server && server.exitCode === null) {
      server.kill('SIGTERM');
      await new Promise((r) => {
        const timer = setTimeout(() => {
          server.kill('SIGKILL');
          r();
        }, 5000);
        server.once('exit', () => {
          clearTimeout(timer);
          r();
        });
      });
    }
    if (!process.env.COBUY_E2E_SHOTS) {
      // keep the screenshots, drop the database and browser profile
      for (const entry of fs.readdirSync(tmp)) {
        if (entry !== 'screenshots') fs.rmSync(path.join(tmp, entry), { recursive: true, force: true });
      }
    }
  });
}

/** Signs in and makes sure the interface is in English (the choice is saved to the account). */
export async function signInEnglish(email) {
  await signIn(email, PASSWORD);
  await until('the organisation page', async () => new URL(page.url()).pathname === '/organisation');
  if ((await page.inputValue('#language-select')) !== 'en') {
    await page.selectOption('#language-select', 'en');
    await until('English', async () => (await page.getAttribute('html', 'lang')) === 'en');
  }
  await expectText('label[for=language-select]', 'Language');
}

export async function signOutAny() {
  // the header's button is "Sign out" in English; signInEnglish keeps everyone in English
  await signOut();
}

// What the portal's browser scenarios share: the environment the test gives them, Debian's chromium driven by
// playwright-core, signing in, screenshots (NN-page-what.png in SCREENSHOTS) and steps. run(scenario) sets the
// exit code: 0 = passed.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
export const base = env('PORTAL_URL');
export const tokens = JSON.parse(env('PORTAL_TOKENS'));
const shots = env('SCREENSHOTS');
mkdirSync(shots, { recursive: true });

export async function apiGet(token, route) {
  const response = await fetch(new URL(`api/${route}`, base), { headers: { Authorization: `Bearer ${token}` } });
  return { status: response.status, body: response.headers.get('content-type')?.includes('json') ? await response.json() : await response.text() };
}

export async function apiSend(token, method, route, body) {
  const response = await fetch(new URL(`api/${route}`, base), {
    method, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, text: await response.text() };
}

export async function until(what, probe, seconds = 120) {
  const end = Date.now() + seconds * 1000;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

export const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const pages = [];
let failed = false;

/** Script errors fail the run; failed requests and API refusals are logged for the reader of a failure. */
export function watch(page) {
  page.on('pageerror', (error) => { console.error(`page error: ${error.message}`); failed = true; });
  page.on('requestfailed', (request) => console.log(`request failed: ${request.method()} ${request.url()} ${request.failure()?.errorText}`));
  page.on('response', (response) => { if (response.status() >= 400 || response.request().method() !== 'GET') console.log(`HTTP ${response.status()}: ${response.request().method()} ${response.url()}`); });
  pages.push(page);
}

/** Signs in with the token; `at` (a page's hash, as in a link the council sends) is opened once signed in. */
export async function open(token, options = {}, at = null) {
  const context = await browser.newContext({ locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', ...options });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  watch(page);
  await page.goto(at ? `${base}${at}` : base);
  await page.locator('#token').fill(token);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  // Signed in, the portal lands on the page asked for, else on the caller's own page (a unit's home, the council's page).
  await page.waitForURL((url) => (at ? url.hash === at : /^#\/(blocs|council)/.test(url.hash)));
  await drawn(page);
  await page.locator('#signout').waitFor({ state: 'visible' });
  return page;
}

/** Waits until the page of the current address is drawn (main's data-shown), not the one it replaces. */
export async function drawn(page) {
  await page.waitForFunction(() => document.querySelector('main')?.dataset.shown === location.hash);
}

/** Waits for the address `hash` and its page drawn. */
export async function shown(page, hash) {
  await page.waitForURL((url) => url.hash === hash);
  await drawn(page);
}

export async function shot(page, name) {
  // A value the page failed to fill in shows as the word itself.
  assert.doesNotMatch(await page.locator('main').innerText(), /\b(null|undefined|NaN)\b/, `${name}: the page shows a missing value`);
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
  console.log(`screenshot ${name}.png`);
}

export async function step(name, action) {
  const started = Date.now();
  await action();
  console.log(`ok ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

export async function run(scenario) {
  try {
    await scenario();
    if (failed) throw new Error('a page raised a script error');
    console.log('portal scenario passed');
  } catch (error) {
    console.error(error);
    for (const [i, page] of pages.entries()) {
      await page.screenshot({ path: path.join(shots, `failure-${i}.png`), fullPage: true }).catch(() => {});
    }
    process.exitCode = 1;
  } finally {
    await browser.close();
  }
}

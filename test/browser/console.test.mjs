// Browser tests of the web console against local mode, in Debian's headless Chromium through playwright-core
// (no browser download). Started by ConsoleInBrowserTest, which starts local mode and passes:
//   BASE_URL   the local mode URL          ARTIFACTS  where screenshots and axe reports go
//   PDF_PATH   a typed one-page PDF        TEXT_PATH  a synthetic discharge summary (plain text)
// Steps run in order on one page, as a person would use the console.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

const BASE_URL = process.env.BASE_URL;
const ARTIFACTS = process.env.ARTIFACTS;
const PDF_PATH = process.env.PDF_PATH;
const TEXT_PATH = process.env.TEXT_PATH;
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const EXTRACTION_MS = 60_000;

// Flags for this machine's closed network: no background connections, no component updates, no GPU.
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

let browser;
let page;
const consoleErrors = [];

before(async () => {
  assert.ok(BASE_URL && ARTIFACTS && PDF_PATH && TEXT_PATH, 'BASE_URL, ARTIFACTS, PDF_PATH and TEXT_PATH must be set');
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
});

after(async () => {
  await browser?.close();
});

async function screenshot(name) {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** axe-core with the WCAG 2.1 A and AA rules (labels, names, contrast, ...): no violation allowed. */
async function accessible(name) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  writeFileSync(join(ARTIFACTS, `${name}.axe.json`), JSON.stringify(results.violations, null, 2));
  const summary = results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  assert.deepEqual(summary, [], `accessibility violations on ${name}`);
}

async function open(hash, heading) {
  await page.goto(`${BASE_URL}/#/${hash}`);
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
}

const facts = () => page.locator('dl.facts');
const alert = () => page.getByRole('alert');

test('the documents page loads in local mode, passes axe and is usable from the keyboard', async () => {
  await open('documents', 'Documents');
  await page.getByText('local mode').first().waitFor();
  await screenshot('01-documents');
  await accessible('01-documents');

  // Keyboard only: Tab reaches the page links, the file input and the upload button, each visibly focused.
  await page.locator('body').click({ position: { x: 1, y: 1 } });
  const reached = [];
  for (let i = 0; i < 25; i++) {
    await page.keyboard.press('Tab');
    reached.push(await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return '';
      const outline = getComputedStyle(el).outlineStyle !== 'none' || getComputedStyle(el).boxShadow !== 'none';
      return `${el.id || el.textContent.trim()}|${outline}`;
    }));
  }
  for (const want of ['Documents', 'Metrics', 'Experiments', 'upload-file', 'Upload and extract']) {
    const hit = reached.find((r) => r.split('|')[0] === want);
    assert.ok(hit, `Tab never reached ${want}: ${reached.join(', ')}`);
    assert.ok(hit.endsWith('|true'), `${want} shows no focus indicator`);
  }
});

test('a PDF uploaded in the browser is extracted and its fields are shown', async () => {
  await open('documents', 'Documents');
  await page.setInputFiles('#upload-file', PDF_PATH);
  await page.getByRole('button', { name: 'Upload and extract' }).click();
  await facts().getByText('SUCCEEDED', { exact: true }).waitFor({ timeout: EXTRACTION_MS });
  await page.locator('dl.result-tree').first().waitFor();
  const result = await page.locator('dl.result-tree').first().innerText();
  assert.match(result, /patient/i);
  assert.match(result, /diagnos/i);
  assert.equal(await facts().getByText('PDF_TEXT').count(), 1, 'the PDF went to the model by its text layer');
  await screenshot('02-documents-extracted');
  await accessible('02-documents-extracted');
});

test('bad input shows a clear message and loses nothing', async () => {
  // The extraction from the step before stays on the page throughout.
  const resultStays = async () => assert.equal(await facts().getByText('SUCCEEDED', { exact: true }).count(), 1);

  await page.setInputFiles('#upload-file', { name: 'notes.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: Buffer.from('PK\u0003\u0004 not a supported type') });
  await alert().filter({ hasText: 'not a supported type' }).waitFor();
  await resultStays();

  await page.setInputFiles('#upload-file', { name: 'huge.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(4_600_000, 0x25) });
  await alert().filter({ hasText: '4,500,000' }).waitFor();
  await resultStays();
  await screenshot('03-documents-too-large');

  // The network fails once: a message says so, the chosen file stays selected, and the retry succeeds.
  // (The earlier result leaves the page when a new upload starts; it stays in the API under its id.)
  const text = readFileSync(TEXT_PATH);
  await page.setInputFiles('#upload-file', { name: 'discharge.txt', mimeType: 'text/plain', buffer: text });
  await page.route('**/api/upload', (route) => route.abort('internetdisconnected'));
  await page.getByRole('button', { name: 'Upload and extract' }).click();
  await alert().filter({ hasText: /could not be reached/ }).waitFor();
  assert.equal(await page.locator('#upload-file').evaluate((input) => input.files[0]?.name), 'discharge.txt');
  await screenshot('04-documents-network-error');
  await accessible('04-documents-network-error');
  await page.unroute('**/api/upload');
  await page.getByRole('button', { name: 'Upload and extract' }).click();
  await facts().getByText('TEXT', { exact: true }).waitFor({ timeout: EXTRACTION_MS });
  await facts().getByText('SUCCEEDED', { exact: true }).waitFor({ timeout: EXTRACTION_MS });
  assert.equal(await alert().count(), 0, 'the error message is gone after the retry succeeded');
});

test('the metrics page draws its charts from the extractions', async () => {
  await open('metrics', 'Metrics');
  const chart = page.locator('canvas[data-chart]').first();
  await chart.waitFor();
  // Chart.js has drawn when the canvas holds non-transparent pixels.
  await page.waitForFunction(() => {
    const canvas = document.querySelector('canvas[data-chart]');
    if (!canvas || canvas.width === 0) return false;
    const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) return true;
    return false;
  });
  assert.ok(await page.locator('canvas[data-chart]').count() >= 1);
  await screenshot('05-metrics');
  await accessible('05-metrics');
});

test('an experiment created from the 50/50 preset runs to a result', async () => {
  await open('experiments', 'Experiments');
  const name = `Browser 50-50 ${Date.now()}`;
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByRole('radio', { name: '50/50' }).check();
  await page.getByRole('button', { name: 'Create' }).click();
  await page.getByRole('heading', { level: 2, name: new RegExp(name) }).waitFor();
  await page.getByRole('button', { name: 'Start', exact: true }).click();
  await page.getByRole('button', { name: 'Stop', exact: true }).waitFor();

  // Traffic while it runs: documents uploaded through the API. The extract function sees a new experiment
  // within its 30 s selector cache, as deployed; from then on documents are split between the two versions.
  const experiments = await (await page.request.get(`${BASE_URL}/api/experiments`)).json();
  const experimentId = experiments.experiments.find((e) => e.name === name).experimentId;
  const text = readFileSync(TEXT_PATH, 'utf8');
  const deadline = Date.now() + 90_000;
  let allocated = 0;
  for (let i = 0; allocated < 4; i++) {
    assert.ok(Date.now() < deadline, `only ${allocated} extractions joined the experiment within 90 s`);
    const body = { filename: `exp-${i}.txt`, contentType: 'text/plain', contentBase64: Buffer.from(text.replace('DISCHARGE', `DISCHARGE ${i}`)).toString('base64') };
    const r = await page.request.post(`${BASE_URL}/api/upload`, { data: body });
    assert.equal(r.status(), 201, await r.text());
    const id = (await r.json()).documentId;
    for (;;) {
      const e = await (await page.request.get(`${BASE_URL}/api/extract/${id}`)).json();
      if (e.status === 'SUCCEEDED') {
        if (e.experiment?.experimentId === experimentId) allocated++;
        break;
      }
      assert.notEqual(e.status, 'FAILED', JSON.stringify(e));
      assert.ok(Date.now() < deadline, `extraction of ${id} did not finish`);
      await page.waitForTimeout(250);
    }
  }
  await page.getByRole('button', { name }).click(); // re-open: fetches the results now
  await page.getByRole('heading', { level: 3, name: /Recommendation:/ }).waitFor();
  const rows = page.getByRole('table', { name: 'Sequential test per variant' }).locator('tbody tr');
  assert.equal(await rows.count(), 2);
  const observed = await rows.evaluateAll((trs) => trs.map((tr) => Number(tr.children[2].textContent)));
  assert.equal(observed.reduce((a, b) => a + b, 0), allocated, `observations per variant: ${observed}`);
  await page.waitForFunction(() => [...document.querySelectorAll('canvas[data-chart]')].some((c) => c.width > 0));

  // A handful of observations: the analysis says CONTINUE, so Promote is unavailable, says why (to screen
  // readers too, through aria-describedby), stays focusable, and pressing it sends nothing.
  const recommendation = await page.getByRole('heading', { level: 3, name: /Recommendation:/ }).textContent();
  assert.match(recommendation, /CONTINUE/);
  const promote = page.getByRole('button', { name: 'Promote recommended variant' });
  assert.equal(await promote.getAttribute('aria-disabled'), 'true');
  const description = await promote.evaluate((b) => (b.getAttribute('aria-describedby') ?? '').split(/\s+/)
    .map((id) => document.getElementById(id)?.textContent ?? '').join(' '));
  assert.match(description, /recommends CONTINUE, not PROMOTE/);
  assert.ok(await page.getByText(/recommends CONTINUE, not PROMOTE/).isVisible(), 'the reason is shown, not only announced');
  const promoteCalls = [];
  page.on('request', (r) => { if (r.url().endsWith('/promote')) promoteCalls.push(r.url()); });
  await promote.focus();
  assert.equal(await page.evaluate(() => document.activeElement?.textContent?.trim()), 'Promote recommended variant');
  await page.keyboard.press('Enter');
  await promote.click({ force: true }); // force: Playwright would otherwise wait for it to become enabled
  await page.waitForTimeout(300);
  assert.deepEqual(promoteCalls, [], 'an unavailable Promote must not call the API');
  await screenshot('06-experiment-results');
  await accessible('06-experiment-results');
});

test('the evaluations page loads and passes axe', async () => {
  await open('evaluations', 'Evaluation runs');
  await screenshot('07-evaluations');
  await accessible('07-evaluations');
  assert.deepEqual(consoleErrors, [], 'uncaught errors in the page');
});

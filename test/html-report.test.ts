// The HTML report: escaping (always), and in headless Chromium (Debian's chromium, where installed): it
// loads offline with no request beyond the page, no console errors, the §10 diagram visible, the filters work.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { traceAll } from '../src/engine/trace.js';
import { evaluate } from '../src/evaluate.js';
import { loadPaths } from '../src/load/index.js';
import type { Model } from '../src/model.js';
import { formatHtml } from '../src/output/html.js';
import { buildReport } from '../src/output/report.js';
import { build, SEED } from './engine-helpers.js';
import { HOSTILE, hostileDocs } from './helpers/hostile.js';
import { DENY_ALL_CONNECTOR_EGRESS, DIRECT_VPC_WITHOUT_NAT, loadVariant } from './helpers/variants.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(import.meta.dirname, '..', 'test-artifacts');

function html(model: Model): string {
  return formatHtml(buildReport(model, evaluate(model)), traceAll(model));
}

describe('HTML report markup', () => {
  it('is one page with a strict CSP whose hashes match the inline style and script', async () => {
    const page = html(await loadVariant(DIRECT_VPC_WITHOUT_NAT));
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(page)![1]!;
    expect(csp).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]+=*'; script-src 'sha256-[A-Za-z0-9+/]+=*'; base-uri 'none'; form-action 'none'$/);
    expect(page.match(/<script/g)).toHaveLength(1);
    expect(page.match(/<style/g)).toHaveLength(1);
    expect(page).not.toMatch(/\s(?:src|href)="(?!#)/);
    expect(page).not.toMatch(/\sstyle="|\son[a-z]+=/);
  });

  it('escapes hostile names and messages everywhere', () => {
    const page = html(build(hostileDocs()));
    expect(page.match(/<script/g)).toHaveLength(1);
    expect(page).not.toMatch(/<img|<script>alert/);
    expect(page).toContain('x&#34;]; click x call alert(1) %%{init: {&#34;securityLevel&#34;:&#34;loose&#34;}}%% &#60;script&#62;alert(1)');
    expect(page).toContain('&#60;img src=x onerror=alert(1)&#62;&#60;/script&#62;');
    expect(HOSTILE).toContain('`');
  });
});

const missing = !existsSync(CHROMIUM);
if (missing) console.warn(`html-report: SKIPPED the browser tests: ${CHROMIUM} is not installed (apt-get install -y chromium)`);

describe.skipIf(missing)(`HTML report in headless Chromium (${CHROMIUM})`, () => {
  let context: BrowserContext;
  let profile: string;
  let dir: string;

  beforeAll(async () => {
    profile = mkdtempSync(join(tmpdir(), 'egress-lint-chromium-'));
    dir = mkdtempSync(join(tmpdir(), 'egress-lint-html-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1400, height: 900 },
    });
  });

  afterAll(async () => {
    await context?.close();
    rmSync(profile, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  });

  /** Opens the report from a file:// URL, recording every request, failure and console error. */
  async function open(name: string, model: Model) {
    const file = join(dir, `${name}.html`);
    writeFileSync(file, html(model));
    const url = pathToFileURL(file).href;
    const page = await context.newPage();
    const requests: string[] = [];
    const failed: string[] = [];
    const errors: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('requestfailed', (r) => failed.push(`${r.url()}: ${r.failure()?.errorText}`));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(url, { waitUntil: 'load' });
    return { page, url, requests, failed, errors };
  }

  it('the §10 example: offline, no errors, its diagram visible; screenshot written', async () => {
    const { page, url, requests, failed, errors } = await open('seed', await loadPaths([SEED]));
    const svg = page.locator('#paths figure').first().locator('svg');
    await expect.poll(() => svg.isVisible()).toBe(true);
    const box = (await svg.boundingBox())!;
    expect(box.width).toBeGreaterThan(600);
    // The inline stylesheet applied: its CSP hash matched.
    expect(await page.locator('.card.error').evaluate((e) => getComputedStyle(e).borderLeftWidth)).toBe('4px');
    expect(await svg.locator('g.n').count()).toBe(6);
    expect(await svg.locator('title').textContent()).toContain('140.82.112.3:443/tcp (internet: github.com): REACHABLE');
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'report.png'), fullPage: true });
    expect({ requests, failed, errors }).toEqual({ requests: [url], failed: [], errors: [] });
    await page.close();
  });

  it('a broken variant: the breaking hop is marked, the fix beside it, and the filters hide and show rows', async () => {
    const { page, url, requests, failed, errors } = await open('broken', await loadVariant(DENY_ALL_CONNECTOR_EGRESS));
    const figure = page.locator('#paths figure').first();
    await expect.poll(() => figure.locator('g.n.drop').isVisible()).toBe(true);
    expect(await figure.locator('.fix pre').textContent()).toMatch(/^gcloud compute firewall-rules create/);

    const rows = page.locator('#findings tbody tr');
    const visible = () => rows.evaluateAll((trs) => trs.filter((tr) => (tr as HTMLElement).offsetParent !== null).map((tr) => tr.getAttribute('data-severity')));
    const all = await visible();
    expect(all).toContain('error');
    await page.locator('input[name=severity][value=error]').uncheck();
    expect(await visible()).toEqual(all.filter((s) => s !== 'error'));
    expect(await page.locator('#shown').textContent()).toBe(`${all.length - all.filter((s) => s === 'error').length} of ${all.length} findings shown`);
    await page.locator('input[name=severity][value=error]').check();
    expect(await visible()).toEqual(all);
    await page.locator('#rule').selectOption('firewall/egress-denied');
    expect((await visible()).length).toBeGreaterThan(0);
    expect(await rows.evaluateAll((trs) => trs.filter((tr) => (tr as HTMLElement).offsetParent !== null).every((tr) => tr.getAttribute('data-rule') === 'firewall/egress-denied'))).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'report-broken.png'), fullPage: true });
    expect({ requests, failed, errors }).toEqual({ requests: [url], failed: [], errors: [] });
    await page.close();
  });

  it('hostile names run no script', async () => {
    const { page, errors } = await open('hostile', build(hostileDocs()));
    let dialogs = 0;
    page.on('dialog', (d) => {
      dialogs++;
      void d.dismiss();
    });
    await page.waitForTimeout(200);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('script').count()).toBe(1);
    expect(await page.locator('#paths h3').first().textContent()).toContain(HOSTILE);
    expect({ dialogs, errors }).toEqual({ dialogs: 0, errors: [] });
    await page.close();
  });
});

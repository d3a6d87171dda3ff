// Launches Debian's Chromium through playwright-core (it cannot download
// its own browser here) with a fresh profile, and records what a page did.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');

const CHROME = process.env.CHROME_PATH || '/usr/bin/chromium';
const CHROME_ARGS = [
  '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run',
];
const VIEWPORTS = { phone: { width: 390, height: 844 }, desktop: { width: 1366, height: 900 } };

async function launch() {
  if (!fs.existsSync(CHROME)) throw new Error(`no browser at ${CHROME} (install Debian's chromium)`);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'promdigest-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROME, headless: true, args: CHROME_ARGS, viewport: VIEWPORTS.desktop,
  });
  const close = async () => {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  };
  return { context, close };
}

/**
 * Opens a page that records console errors, uncaught exceptions, failed
 * requests and HTTP errors, and the bytes of each response by type.
 */
async function openRecorded(context, viewport) {
  const page = await context.newPage();
  await page.setViewportSize(viewport);
  const log = { errors: [], failed: [], responses: [] };
  page.on('console', (m) => { if (m.type() === 'error') log.errors.push(`console: ${m.text()} @ ${m.location().url || ''}`); });
  page.on('pageerror', (e) => log.errors.push(`exception: ${e.message}`));
  page.on('requestfailed', (r) => log.failed.push(`${r.failure()?.errorText || 'failed'} ${r.url()}`));
  page.on('response', async (r) => {
    if (r.status() >= 400) log.failed.push(`HTTP ${r.status()} ${r.url()}`);
    const entry = { url: r.url(), type: r.request().resourceType(), bytes: 0 };
    log.responses.push(entry);
    try { entry.bytes = (await r.body()).length; } catch { /* redirects have no body */ }
  });
  return { page, log };
}

module.exports = { launch, openRecorded, VIEWPORTS, CHROME, CHROME_ARGS };

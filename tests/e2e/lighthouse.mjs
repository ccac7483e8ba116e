// Lighthouse (npm `lighthouse`, pinned) against the built page's first
// screen, in the system Chromium. Two settings: the desktop preset (office
// PCs on an intranet: 10 Mbit/s, 40 ms, no CPU slowdown) and Lighthouse's
// default mobile one (slow 4G, 4× CPU slowdown). The page is served with
// gzip, as a production web server serves it.
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import { serveDist } from './harness.mjs';

const DESKTOP = {
  formFactor: 'desktop',
  screenEmulation: { mobile: false, width: 1350, height: 940, deviceScaleFactor: 1, disabled: false },
  throttling: { rttMs: 40, throughputKbps: 10 * 1024, cpuSlowdownMultiplier: 1, requestLatencyMs: 0, downloadThroughputKbps: 0, uploadThroughputKbps: 0 },
};
const METRICS = ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift', 'speed-index', 'interactive'];

/**
 * Runs Lighthouse once per setting ('desktop', 'mobile'); resolves to
 * { [setting]: { scores: {performance, accessibility, 'best-practices'}, metrics, failing } }.
 */
export async function audit(settings = ['desktop']) {
  const server = await serveDist({ compress: true });
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  const out = {};
  try {
    for (const setting of settings) {
      const flags = { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance', 'accessibility', 'best-practices'], ...(setting === 'desktop' ? DESKTOP : {}) };
      const { lhr } = await lighthouse(server.url, flags);
      const scores = Object.fromEntries(Object.entries(lhr.categories).map(([id, c]) => [id, c.score]));
      const metrics = Object.fromEntries(METRICS.map((id) => [id, lhr.audits[id]?.displayValue]));
      // What keeps a category under 1: the audits that weigh and did not pass.
      const failing = Object.values(lhr.categories).flatMap((c) => c.auditRefs
        .filter((ref) => ref.weight > 0 && lhr.audits[ref.id].score !== null && lhr.audits[ref.id].score < 1)
        .map((ref) => `${c.id}: ${ref.id} ${lhr.audits[ref.id].score} ${lhr.audits[ref.id].displayValue ?? ''}`.trim()));
      out[setting] = { scores, metrics, failing };
    }
  } finally {
    await chrome.kill();
    await server.close();
  }
  return out;
}

// As a script (the benchmark): both settings, printed.
if (import.meta.url === `file://${process.argv[1]}`) {
  const results = await audit(['desktop', 'mobile']);
  for (const [setting, { scores, metrics, failing }] of Object.entries(results)) {
    for (const [id, score] of Object.entries(scores)) console.log(`bench lighthouse ${setting} ${id}: ${Math.round(score * 100)}`);
    for (const [id, value] of Object.entries(metrics)) console.log(`bench lighthouse ${setting} ${id}: ${value}`);
    for (const line of failing) console.log(`  below 1 — ${line}`);
  }
}

// Starts with records stored, builds side by side: each build served on its
// own origin, each given the same file through its import screen, then
// reloaded in turns (A, B, A, B, …) from a settled page, so that a noisy
// machine weighs on every build alike. Prints, per build, the median of the
// rounds: navigation start to `app-ready` on the dashboard and on the offices
// screen, and to the dashboard's seven charts drawn.
//   node tests/e2e/bench-start.mjs 100000 before=/tmp/dist-a now=/tmp/dist-b [rounds=9]
// Not a test: figures, not pass/fail.
import { fileURLToPath } from 'node:url';
import { serveDist, launch } from './harness.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const args = process.argv.slice(2);
const n = Number(args.find((a) => /^\d+$/.test(a)) ?? 100000);
const rounds = Number(args.find((a) => a.startsWith('rounds='))?.slice(7) ?? 9);
const builds = args.filter((a) => /^[\w-]+=\//.test(a)).map((a) => {
  const [label, root] = a.split('=');
  return { label, root: root.endsWith('/') ? root : `${root}/` };
});

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// When the app is ready and when the dashboard's charts are all drawn, in the page's clock.
function watch() {
  new MutationObserver((_, observer) => {
    if (!window.__readyAt && document.querySelector('[data-testid="app-ready"]')) window.__readyAt = performance.now();
    if (!window.__chartsAt && document.querySelectorAll('canvas[data-chart][data-drawn]').length === 7) window.__chartsAt = performance.now();
    if (window.__readyAt && window.__chartsAt) observer.disconnect();
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-drawn'] });
}

const browser = await launch();
const opened = [];
try {
  for (const build of builds) {
    const server = await serveDist({ root: build.root });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addInitScript(watch);
    const page = await context.newPage();
    await page.goto(server.url + '#/exchange');
    await page.waitForSelector('[data-testid="app-ready"]', { state: 'attached' });
    await page.setInputFiles('[data-testid="import-file"]', `${ROOT}target/bench/${n}.json`);
    await page.waitForSelector('[data-testid="import-preview"]', { timeout: 600_000 });
    await page.click('[data-testid="import-confirm"]');
    await page.waitForSelector('[data-testid="import-summary"]', { timeout: 600_000 });
    // Plotted once, as a copy in use has.
    await page.goto(server.url + '#/');
    await page.waitForFunction(() => window.__chartsAt, null, { timeout: 600_000 });
    opened.push({ ...build, server, context, page, dashboard: [], charts: [], offices: [] });
  }
  const reload = async (run, hash) => {
    await run.page.goto(run.server.url + hash);
    await run.page.waitForTimeout(1000);
    await run.page.reload();
    await run.page.waitForSelector('[data-testid="app-ready"]', { state: 'attached', timeout: 600_000 });
    if (hash === '#/') await run.page.waitForFunction(() => window.__chartsAt, null, { timeout: 600_000 });
    return run.page.evaluate(() => [window.__readyAt, window.__chartsAt]);
  };
  for (let round = 0; round < rounds; round += 1) {
    for (const run of opened) {
      const [ready, charts] = await reload(run, '#/');
      run.dashboard.push(ready);
      run.charts.push(charts);
      run.offices.push((await reload(run, '#/offices'))[0]);
    }
  }
  for (const run of opened) {
    const line = (name, xs) => console.log(`start ${run.label} ${name}: ${median(xs).toFixed(1)} ms  (${xs.map((x) => x.toFixed(0)).join(', ')})`);
    line(`dashboard ready ${n}`, run.dashboard);
    line(`dashboard charts ${n}`, run.charts);
    line(`offices ready ${n}`, run.offices);
  }
} finally {
  for (const run of opened) {
    await run.context.close();
    await run.server.close();
  }
  await browser.close();
}

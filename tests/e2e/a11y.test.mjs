// Accessibility: every screen, in Chinese and in English, with the sample
// loaded, passes axe-core's WCAG 2.1 A and AA rules with no violation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import { serveDist, launch, openApp, loadSample } from './harness.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const SCREENS = ['dashboard', 'training_sessions', 'honoured_models', 'cases', 'offices', 'exchange', 'submissions', 'report'];

async function violations(page) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations.map((v) => `${v.id}: ${v.nodes.length} × ${v.nodes[0]?.target.join(' ')} — ${v.help}`);
}

for (const locale of ['zh-CN', 'en']) {
  test(`every screen passes WCAG 2.1 A/AA (axe-core), ${locale}`, async () => {
    const { page, context } = await openApp(browser, server.url, { locale });
    await loadSample(page);
    if (locale === 'en') await page.click('[data-testid="lang-en"]');
    const found = {};
    for (const screen of SCREENS) {
      await page.click(`[data-nav="${screen}"]`);
      await page.locator(`[data-screen="${screen}"]`).waitFor();
      await page.waitForTimeout(300);
      const list = await violations(page);
      if (list.length) found[screen] = list;
    }
    await context.close();
    assert.deepEqual(found, {});
  });
}

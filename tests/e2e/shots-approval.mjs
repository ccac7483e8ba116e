// Screenshots of approval (审核确认) in both languages: the city's matrix with
// an approved and a sent-back month, the district's card on taking the
// approval, and its locked rows.
// Usage: node shots-approval.mjs OUT_DIR
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { serveDist, launch, chooseText, download, cityAndDistrict, DISTRICT } from './harness.mjs';

const out = process.argv[2] ?? '/tmp/shots';
mkdirSync(out, { recursive: true });
const server = await serveDist();
const browser = await launch();
const { district, city } = await cityAndDistrict(browser, server.url, { from: '2021-03-01', to: '2021-06-30' });
const approval = await download(city.page, () => city.page.click(`[data-testid="approve"][data-office="${DISTRICT}"][data-month="2021-04"]`));
await download(city.page, () => city.page.click(`[data-testid="approve"][data-office="${DISTRICT}"][data-month="2021-05"]`));
await city.page.click(`[data-testid="reopen"][data-office="${DISTRICT}"][data-month="2021-05"]`);
await city.page.fill('[data-testid="reopen-reason"]', '五月问题线索办结情况需补充');
await city.page.screenshot({ path: join(out, 'approval-reopen-zh.png') });
await download(city.page, () => city.page.click('[data-testid="reopen-send"]'));
for (const lang of ['zh', 'en']) {
  await city.page.click(`[data-testid="lang-${lang}"]`);
  await city.page.screenshot({ path: join(out, `approval-matrix-${lang}.png`), fullPage: true });
}
await chooseText(district.page, approval.name, approval.text);
await district.page.locator('[data-testid="approval-taken"]').waitFor();
for (const lang of ['zh', 'en']) {
  await district.page.click(`[data-testid="lang-${lang}"]`);
  await district.page.locator('[data-testid="approval-taken"]').scrollIntoViewIfNeeded();
  await district.page.screenshot({ path: join(out, `approval-taken-${lang}.png`) });
  await district.page.click('[data-nav="cases"]');
  await district.page.locator('[data-testid="locked-month"]').first().waitFor();
  await district.page.screenshot({ path: join(out, `approval-locked-${lang}.png`) });
  await district.page.click('[data-nav="exchange"]');
}
await browser.close();
await server.close();

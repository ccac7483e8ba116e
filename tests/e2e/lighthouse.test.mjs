// Lighthouse on the first screen: accessibility 100 and best practices at
// least 95. Performance is a timing and is reported by the benchmark
// (scripts/bench.sh), not asserted here; this prints it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { audit } from './lighthouse.mjs';

test('Lighthouse: accessibility 100 and best practices ≥ 95 on the first screen', async () => {
  const { desktop } = await audit(['desktop']);
  console.log(`lighthouse (desktop): ${JSON.stringify(desktop.scores)} ${JSON.stringify(desktop.metrics)}`);
  assert.equal(desktop.scores.accessibility, 1, desktop.failing.join('\n'));
  assert.ok(desktop.scores['best-practices'] >= 0.95, desktop.failing.join('\n'));
});

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PNG_MAX_PIXELS, PNG_MAX_SIDE } from '@causeway/shared';
import { boardUrl, createWorkshop, newContext, openBoard, pngSize, startEnv, SLOW_TEST_TIMEOUT } from './harness.ts';
import type { Env } from './harness.ts';

let env: Env;
beforeAll(async () => {
  env = await startEnv();
});
afterAll(async () => {
  await env?.close();
});

/** 8 categories x 25 causes x 2 sub-causes = 600 causes, labels long enough to wrap. */
function largeDiagram(): string {
  const categories = Array.from({ length: 8 }, (_, c) => ({
    text: `Category ${c + 1}`,
    causes: Array.from({ length: 25 }, (_, i) => ({
      text: `Cause ${c + 1}.${i + 1}: staff rotation and unclear ownership of the case file`,
      causes: [
        { text: `Why ${c + 1}.${i + 1}.1: no handover procedure`, causes: [] },
        { text: `Why ${c + 1}.${i + 1}.2: budget frozen`, causes: [] },
      ],
    })),
  }));
  return JSON.stringify({ format: 'causeway', version: 1, problem: 'Applications wait 40 days for a decision', categories });
}

describe('C14: PNG export of a large diagram', () => {
  it(
    'C14, S-EX2: a 600-cause diagram exports a valid PNG, at a pixel ratio lowered only as far as the canvas limits need',
    async () => {
      const workshop = await createWorkshop(env);
      const group = workshop.groups[0]!.id;
      const put = await fetch(`${env.server.url}/api/workshops/${workshop.id}/groups/${group}/diagram.json`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${workshop.tokens.participant}`, 'content-type': 'application/json' },
        body: largeDiagram(),
      });
      expect(put.status).toBe(200);
      const context = await newContext(env, { name: 'Exporter' });
      const page = await openBoard(context, boardUrl(env, workshop));
      await page.waitForFunction(() => JSON.stringify((window as unknown as { causeway: { tree(): unknown } }).causeway.tree()).includes('Why 8.25.2'));
      await page.getByTestId('tool-export').click();
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-png').click()]);
      const bytes = new Uint8Array(readFileSync((await download.path())!));
      expect(Array.from(bytes.subarray(0, 8))).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
      const size = pngSize(bytes);
      expect(Math.max(size.width, size.height)).toBeLessThanOrEqual(PNG_MAX_SIDE + 1);
      expect(size.width * size.height).toBeLessThanOrEqual(PNG_MAX_PIXELS * 1.01);
      expect(size.width * size.height).toBeGreaterThan(PNG_MAX_PIXELS * 0.25);
      await context.close();
    },
    SLOW_TEST_TIMEOUT * 2,
  );
});

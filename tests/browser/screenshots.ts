/**
 * Regenerates the README screenshots in docs/ from a real build, server and Chromium:
 *   npx tsx tests/browser/screenshots.ts
 * Not a test (it writes into the repository); it reuses the browser test harness.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { boardUrl, createWorkshop, newContext, openBoard, startEnv } from './harness.ts';
import type { Env, Workshop } from './harness.ts';

const docs = join(import.meta.dirname, '..', '..', 'docs');
const fixtures = '/work/shared/fixtures';
const viewport = { width: 1440, height: 860 };

async function putFixture(env: Env, w: Workshop, file: string): Promise<void> {
  const res = await fetch(`${env.server.url}/api/workshops/${w.id}/groups/${w.groups[0]!.id}/diagram.json`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${w.tokens.facilitator}` },
    body: readFileSync(join(fixtures, file), 'utf8'),
  });
  if (!res.ok) throw new Error(`PUT ${file}: ${res.status} ${await res.text()}`);
}

const env = await startEnv();
try {
  // 1. A new group from the public-administration template, in English.
  const empty = await createWorkshop(env, { title: 'Service design workshop', groups: ['Permits team'] });
  const ctxEmpty = await newContext(env, { name: 'Anna', ...viewport });
  const pageEmpty = await openBoard(ctxEmpty, boardUrl(env, empty));
  await pageEmpty.screenshot({ path: join(docs, 'board-empty-template.png') });
  await ctxEmpty.close();

  // 2. A full diagram from the shared fixtures, in English and in Polish.
  for (const [file, locale, name] of [
    ['en-6m-late-deliveries.json', 'en-GB', 'board-full-en.png'],
    ['pl-decyzje-administracyjne.json', 'pl-PL', 'board-full-pl.png'],
  ] as const) {
    const w = await createWorkshop(env, { title: 'Workshop', groups: ['Group 1'], locale: locale.slice(0, 2) });
    await putFixture(env, w, file);
    const ctx = await newContext(env, { name: 'Anna', locale, ...viewport });
    const page = await openBoard(ctx, boardUrl(env, w));
    await page.screenshot({ path: join(docs, name) });
    await ctx.close();
  }

  // 3. Two people editing: Boris types in a label while Anna has a cause selected.
  const shared = await createWorkshop(env, { title: 'Workshop', groups: ['Group 2'], locale: 'bg' });
  await putFixture(env, shared, 'bg-elektronni-uslugi.json');
  const ctxA = await newContext(env, { name: 'Anna Kowalska', locale: 'en-GB', ...viewport });
  const ctxB = await newContext(env, { name: 'Boris Petrov', locale: 'bg-BG', ...viewport });
  const a = await openBoard(ctxA, boardUrl(env, shared));
  const b = await openBoard(ctxB, boardUrl(env, shared));
  await a.getByTestId('canvas').focus();
  for (const key of ['ArrowLeft', 'ArrowLeft', 'ArrowDown', 'ArrowLeft']) await a.keyboard.press(key);
  await b.getByTestId('canvas').focus();
  for (const key of ['ArrowLeft', 'ArrowLeft', 'ArrowLeft', 'Enter']) await b.keyboard.press(key);
  await b.keyboard.type('Липса на обучение за новата система');
  const box = (await b.getByTestId('canvas').boundingBox())!;
  await b.mouse.move(box.x + box.width * 0.45, box.y + box.height * 0.3, { steps: 5 });
  await a.waitForFunction(() => (window as unknown as { causeway: { peers(): { cursor: unknown }[] } }).causeway.peers().some((p) => p.cursor));
  await a.waitForTimeout(400);
  await a.screenshot({ path: join(docs, 'board-two-people.png') });
  await Promise.all([ctxA.close(), ctxB.close()]);
} finally {
  await env.close();
}
console.log('screenshots written to docs/');

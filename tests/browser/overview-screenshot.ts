/**
 * Regenerates docs/overview.png (the facilitator's overview of six groups in four languages: live
 * thumbnails, who is in each group, the timer and message for everyone, voting open, closed with
 * results and not started, a locked group) from a real build, server and Chromium:
 *   npx tsx tests/browser/overview-screenshot.ts [out.png]
 * Not a test (it writes into the repository); it reuses the browser test harness.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { castVote, readTree } from '@causeway/shared';
import type { NodeId, ParticipantId } from '@causeway/shared';
import { PRESENCE_COLOURS } from '../../client/src/identity.ts';
import { asFacilitator, createWorkshop, newContext, startEnv, stockClient } from './harness.ts';

const out = process.argv[2] ?? join(import.meta.dirname, '..', '..', 'docs', 'overview.png');
const fixtures = '/work/shared/fixtures';

const env = await startEnv();
const clients: Awaited<ReturnType<typeof stockClient>>[] = [];
try {
  const w = await createWorkshop(env, {
    title: 'Faster decisions in public administration — spring workshop',
    groups: ['Warszawa — Urząd Miasta', 'София — Столична община', 'Rīgas dome', 'Budapest XI. kerület', 'Gdańsk — Urząd Wojewódzki', 'Plovdiv — Общинска администрация'],
  });
  const call = (method: string, path: string, body: unknown) => asFacilitator(env, w, method, path, body);
  const groupIds = w.groups.map((g) => g.id);
  const files = ['pl-decyzje-administracyjne.json', 'bg-elektronni-uslugi.json', 'lv-iepirkumi.json', 'hu-fluktuacio.json'];
  for (const [i, file] of files.entries()) await call('PUT', `/groups/${groupIds[i]}/diagram.json`, readFileSync(join(fixtures, file), 'utf8'));
  await call('POST', '/facilitate', { timer: { seconds: 600 }, banner: { text: 'Ten minutes left — then each group votes on its top causes.' } });
  await call('POST', '/facilitate', { groups: groupIds.slice(0, 3), voting: { action: 'start', votesPerParticipant: 3 } });

  // People in the first four groups, each in their own colour.
  const people = [['Piotr', 'Anna'], ['Десислава', 'Georgi', 'Mária'], ['Jānis'], ['Ágnes', 'László']];
  let colour = 0;
  for (const [g, names] of people.entries()) {
    for (const name of names) {
      const client = await stockClient(env, w, g);
      client.provider.awareness.setLocalStateField('user', { name, colour: PRESENCE_COLOURS[colour++ % PRESENCE_COLOURS.length] });
      clients.push(client);
    }
  }
  // Votes in the first three groups: a few participants with three votes each, on overlapping causes.
  for (const [g, voters] of [4, 3, 5].entries()) {
    // Through the group's first client (clients are in the order of `people`).
    const doc = clients[people.slice(0, g).flat().length]!.doc;
    const causes = readTree(doc).categories.flatMap((c) => c.children.map((n) => n.id as NodeId));
    for (let p = 0; p < voters; p++) for (const k of [0, 1 + (p % 2), 3 + (p % 3)]) castVote(doc, `voter-${g}-${p}` as ParticipantId, causes[k]!);
  }
  await call('POST', '/facilitate', { groups: [groupIds[2]], voting: { action: 'close' } });
  await call('PATCH', `/groups/${groupIds[3]}`, { locked: true });

  const context = await newContext(env, { width: 1400, height: 1000 });
  const page = await context.newPage();
  await page.goto(`${env.server.url}/w/${w.id}#t=${w.tokens.facilitator}`);
  // Every thumbnail drawn, and the polled presence and results in (the last person, the top result).
  await page.waitForFunction(() => {
    const thumbnails = [...document.querySelectorAll('[data-testid="thumbnail"]')];
    const text = document.body.textContent ?? '';
    return thumbnails.length === 6 && thumbnails.every((t) => t.getAttribute('data-drawn') !== '0') && text.includes('László') && text.includes('votes: 5');
  });
  await page.screenshot({ path: out });
  await context.close();
} finally {
  for (const { provider, doc } of clients) {
    provider.destroy();
    doc.destroy();
  }
  await env.close();
}
console.log(`overview written to ${out}`);

import { mkdirSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { addCategory, addCause, readTree } from '@causeway/shared';
import type { RunningServer, ServerOptions } from '../../server/src/index.ts';
import { createMemoryStore } from '../../server/src/store/memory.ts';
import { connect, createWorkshop, logCapture, start, tempDir, untilDoc, type Client } from './helpers.ts';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function setup(options: ServerOptions = {}): Promise<RunningServer> {
  const store = createMemoryStore();
  const server = await start({ store, ...options });
  cleanup.push(() => store.close());
  cleanup.push(() => server.close());
  return server;
}

function client(server: RunningServer, w: string, g: string, token: string): Client {
  const c = connect(server, w, g, token);
  cleanup.push(() => c.destroy());
  return c;
}

const post = (server: RunningServer, body: string, headers: Record<string, string> = {}) =>
  fetch(`${server.url}/api/workshops`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

describe('POST /api/workshops', () => {
  it('S14: creates the groups from the template in the workshop language', async () => {
    const server = await setup();
    const res = await post(server, JSON.stringify({ title: 'Szkolenie', count: 3, template: '4m', locale: 'pl', problem: 'Wnioski czekają 40 dni' }));
    expect(res.status).toBe(201);
    const w = (await res.json()) as { id: string; title: string; locale: string; groups: { id: string; name: string }[] };
    expect(w.id).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    expect(w.groups.map((g) => g.name)).toEqual(['Grupa 1', 'Grupa 2', 'Grupa 3']);
    const mmd = await (await fetch(`${server.url}/api/workshops/${w.id}/groups/${w.groups[2]!.id}/diagram.json?token=${(w as unknown as { tokens: { viewer: string } }).tokens.viewer}`)).json();
    expect(mmd).toMatchObject({ problem: 'Wnioski czekają 40 dni', categories: [{ text: 'Ludzie' }, { text: 'Maszyny' }, { text: 'Metody' }, { text: 'Materiały' }] });
  });

  it('S14: an invalid request lists every problem with its path', async () => {
    const server = await setup();
    const res = await post(server, JSON.stringify({ title: '', groups: ['ok', ''], template: 'nope', locale: 'de' }));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; details: { path: string }[] } };
    expect(body.error.code).toBe('invalid_request');
    expect(body.error.details.map((d) => d.path).sort()).toEqual(['$.groups[1]', '$.locale', '$.template', '$.title']);
    expect((await post(server, '{not json')).status).toBe(400);
    expect((await post(server, JSON.stringify({ title: 'x', count: 0 }))).status).toBe(400);
    expect((await post(server, JSON.stringify({ title: 'x', count: 101 }))).status).toBe(400);
  });

  it('S23: a body over the limit gets 413', async () => {
    const server = await setup({ maxJsonBodyBytes: 1024 });
    const res = await post(server, JSON.stringify({ title: 'x'.repeat(5000), count: 1 }));
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('body_too_large');
  });
});

describe('workshop details', () => {
  it('S16: the facilitator renames the workshop; others may not; GET groups lists the groups', async () => {
    const server = await setup();
    const w = await createWorkshop(server, { groups: ['A', 'B'] });
    const url = `${server.url}/api/workshops/${w.id}`;
    const rename = (token: string) => fetch(url, { method: 'PATCH', headers: { authorization: `Bearer ${token}` }, body: JSON.stringify({ title: 'Renamed' }) });
    expect((await rename(w.tokens.participant)).status).toBe(403);
    expect((await rename(w.tokens.viewer)).status).toBe(403);
    const res = await rename(w.tokens.facilitator);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ title: 'Renamed', role: 'facilitator' });
    const bad = await fetch(url, { method: 'PATCH', headers: { authorization: `Bearer ${w.tokens.facilitator}` }, body: JSON.stringify({ title: '' }) });
    expect(bad.status).toBe(400);
    const groups = (await (await fetch(`${url}/groups?token=${w.tokens.viewer}`)).json()) as { groups: { name: string }[] };
    expect(groups.groups.map((g) => g.name)).toEqual(['A', 'B']);
  });
});

describe('diagram files over HTTP', () => {
  it('S20: GET returns the current diagram as JSON, Markdown and Mermaid', async () => {
    const server = await setup();
    const w = await createWorkshop(server, { template: 'blank' });
    const g = w.groups[0]!.id;
    const a = client(server, w.id, g, w.tokens.participant);
    await a.synced;
    const category = addCategory(a.doc, 'People');
    addCause(a.doc, category, 'Too few clerks');
    await untilDoc(server.rooms.get(`${w.id}/${g}`)!.doc, (d) => JSON.stringify(readTree(d)).includes('Too few clerks'), 'server has the cause');
    await server.rooms.get(`${w.id}/${g}`)!.flush();
    const base = `${server.url}/api/workshops/${w.id}/groups/${g}/diagram`;
    const json = await fetch(`${base}.json?token=${w.tokens.viewer}`);
    expect(json.headers.get('content-type')).toMatch(/application\/json/);
    expect(await json.json()).toMatchObject({ format: 'causeway', version: 1, categories: [{ text: 'People', causes: [{ text: 'Too few clerks' }] }] });
    const md = await (await fetch(`${base}.md?token=${w.tokens.viewer}`)).text();
    expect(md).toContain('Too few clerks');
    const mmd = await (await fetch(`${base}.mmd`, { headers: { authorization: `Bearer ${w.tokens.viewer}` } })).text();
    expect(mmd.split('\n')[0]).toMatch(/^ishikawa/);
    expect(mmd).toContain('Too few clerks');
    expect((await fetch(`${base}.gif?token=${w.tokens.viewer}`)).status).toBe(404);
  });

  it('S21: PUT replaces the diagram in one transaction that connected clients see live', async () => {
    const server = await setup();
    const w = await createWorkshop(server, { template: '4p' });
    const g = w.groups[0]!.id;
    const watcher = client(server, w.id, g, w.tokens.viewer);
    await watcher.synced;
    let transactions = 0;
    watcher.doc.on('update', () => transactions++);
    const file = { format: 'causeway', version: 1, problem: 'Applications wait 40 days', categories: [{ text: 'Law', causes: [{ text: 'Two signatures', causes: [] }] }, { text: 'IT', causes: [] }] };
    const res = await fetch(`${server.url}/api/workshops/${w.id}/groups/${g}/diagram.json`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${w.tokens.participant}`, 'content-type': 'application/json' },
      body: JSON.stringify(file),
    });
    expect(res.status).toBe(200);
    await untilDoc(watcher.doc, (d) => readTree(d).problem === 'Applications wait 40 days', 'watcher sees the import');
    expect(transactions).toBe(1);
    expect(readTree(watcher.doc).categories.map((c) => c.text)).toEqual(['Law', 'IT']);
    const md = '# Queue is slow\n\n- People\n  - Not enough staff\n';
    const put = await fetch(`${server.url}/api/workshops/${w.id}/groups/${g}/diagram.md?token=${w.tokens.facilitator}`, { method: 'PUT', body: md });
    expect(put.status).toBe(200);
    await untilDoc(watcher.doc, (d) => readTree(d).problem === 'Queue is slow', 'watcher sees the Markdown import');
  });

  it('S21: a bad file gets 400 with every error and its path; the diagram is untouched', async () => {
    const server = await setup();
    const w = await createWorkshop(server, { template: '6m' });
    const g = w.groups[0]!.id;
    const url = `${server.url}/api/workshops/${w.id}/groups/${g}/diagram`;
    const before = await (await fetch(`${url}.json?token=${w.tokens.viewer}`)).text();
    const bad = { format: 'causeway', version: 1, problem: 7, categories: [{ text: 'ok', causes: [{ causes: [] }] }, { text: 3 }] };
    const res = await fetch(`${url}.json?token=${w.tokens.participant}`, { method: 'PUT', body: JSON.stringify(bad) });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; details: { path: string; code: string; message: string }[] } };
    expect(body.error.code).toBe('invalid_file');
    expect(body.error.details.length).toBeGreaterThanOrEqual(3);
    const paths = body.error.details.map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['$.problem', '$.categories[0].causes[0].text', '$.categories[1].text']));
    for (const d of body.error.details) expect(d.message.length).toBeGreaterThan(0);
    for (const text of ['{ nope', '', 'ishikawa-beta\n']) {
      expect((await fetch(`${url}.json?token=${w.tokens.participant}`, { method: 'PUT', body: text })).status).toBe(400);
    }
    expect((await fetch(`${url}.mmd?token=${w.tokens.participant}`, { method: 'PUT', body: 'graph TD\nA-->B\n' })).status).toBe(400);
    expect((await fetch(`${url}.json?token=${w.tokens.participant}`, { method: 'PUT', body: new Uint8Array([0xff, 0xfe, 0x00]) })).status).toBe(400);
    expect(await (await fetch(`${url}.json?token=${w.tokens.viewer}`)).text()).toBe(before);
  });

  it('S21, S23: viewers cannot PUT, nor participants while locked; oversized files get 413', async () => {
    const server = await setup({ maxDiagramBodyBytes: 2048 });
    const w = await createWorkshop(server, { template: 'blank' });
    const g = w.groups[0]!.id;
    const url = `${server.url}/api/workshops/${w.id}/groups/${g}/diagram.json`;
    const file = JSON.stringify({ format: 'causeway', version: 1, problem: 'p', categories: [] });
    expect((await fetch(`${url}?token=${w.tokens.viewer}`, { method: 'PUT', body: file })).status).toBe(403);
    await fetch(`${server.url}/api/workshops/${w.id}/groups/${g}?token=${w.tokens.facilitator}`, { method: 'PATCH', body: '{"locked":true}' });
    const locked = await fetch(`${url}?token=${w.tokens.participant}`, { method: 'PUT', body: file });
    expect(locked.status).toBe(403);
    expect(((await locked.json()) as { error: { code: string } }).error.code).toBe('group_locked');
    expect((await fetch(`${url}?token=${w.tokens.facilitator}`, { method: 'PUT', body: file })).status).toBe(200);
    expect((await fetch(`${url}?token=${w.tokens.facilitator}`, { method: 'PUT', body: 'x'.repeat(3000) })).status).toBe(413);
  });
});

describe('service endpoints and errors', () => {
  it('S22: /healthz and /metrics in Prometheus text', async () => {
    const server = await setup();
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ ok: true, rooms: 0, connections: 0 });
    const w = await createWorkshop(server, { template: 'blank' });
    const a = client(server, w.id, w.groups[0]!.id, w.tokens.participant);
    const b = client(server, w.id, w.groups[0]!.id, w.tokens.participant);
    await Promise.all([a.synced, b.synced]);
    addCategory(a.doc, 'x');
    await untilDoc(b.doc, (d) => readTree(d).categories.length === 1, 'b sees x');
    await fetch(`${server.url}/api/workshops/${w.id}?token=bad`);
    const res = await fetch(`${server.url}/metrics`);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0.0.4/);
    const text = await res.text();
    expect(text).toMatch(/^causeway_connections 2$/m);
    expect(text).toMatch(/^causeway_rooms_loaded 1$/m);
    expect(text).toMatch(/^causeway_updates_received_total [1-9]/m);
    expect(text).toMatch(/^causeway_updates_relayed_total [1-9]/m);
    expect(text).toMatch(/^causeway_store_append_seconds_count [1-9]/m);
    expect(text).toMatch(/# TYPE causeway_errors_total counter/);
  });

  it('S23: unknown routes get JSON 404, bad ids 400, wrong methods 405', async () => {
    const server = await setup();
    const w = await createWorkshop(server);
    const notFound = await fetch(`${server.url}/api/nothing`);
    expect(notFound.status).toBe(404);
    expect(await notFound.json()).toMatchObject({ error: { code: 'not_found' } });
    expect((await fetch(`${server.url}/nothing.txt`)).status).toBe(404);
    expect((await fetch(`${server.url}/api/workshops/bad.id?token=x`)).status).toBe(400);
    expect((await fetch(`${server.url}/api/workshops/${'a'.repeat(65)}?token=x`)).status).toBe(400);
    expect((await fetch(`${server.url}/api/workshops/${w.id}/groups/b%20d/diagram.json?token=${w.tokens.viewer}`)).status).toBe(400);
    expect((await fetch(`${server.url}/api/workshops/unknown?token=x`)).status).toBe(404);
    expect((await fetch(`${server.url}/api/workshops`)).status).toBe(405);
    expect((await fetch(`${server.url}/api/workshops/${w.id}?token=${w.tokens.viewer}`, { method: 'DELETE' })).status).toBe(405);
  });

  it('S24: serves the built client with the SPA fallback for /w/... and refuses paths outside it', async () => {
    const dir = tempDir();
    cleanup.push(() => dir.remove());
    const clientDir = join(dir.path, 'client');
    mkdirSync(join(clientDir, 'assets'), { recursive: true });
    writeFileSync(join(clientDir, 'index.html'), '<!doctype html><title>app</title>');
    writeFileSync(join(clientDir, 'assets', 'main-abc.js'), 'console.log(1)');
    writeFileSync(join(dir.path, 'secret.txt'), 'secret');
    const server = await setup({ clientDir });
    const page = await fetch(`${server.url}/w/abc/join`);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toContain('<title>app</title>');
    expect(await (await fetch(`${server.url}/`)).text()).toContain('<title>app</title>');
    const js = await fetch(`${server.url}/assets/main-abc.js`);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect(js.headers.get('cache-control')).toMatch(/immutable/);
    expect((await fetch(`${server.url}/..%2fsecret.txt`)).status).toBe(404);
    expect((await fetch(`${server.url}/assets/..%2f..%2fsecret.txt`)).status).toBe(404);
  });

  it('S24: text files go out compressed (brotli, else gzip) to browsers that accept it, fonts as they are', async () => {
    const dir = tempDir();
    cleanup.push(() => dir.remove());
    const clientDir = join(dir.path, 'client');
    mkdirSync(join(clientDir, 'assets'), { recursive: true });
    const script = `export const labels = ${JSON.stringify(Array.from({ length: 500 }, (_, i) => `Przyczyna ${i}: opóźnienie decyzji`))};`;
    writeFileSync(join(clientDir, 'index.html'), '<!doctype html><title>app</title>');
    writeFileSync(join(clientDir, 'assets', 'main-abc.js'), script);
    writeFileSync(join(clientDir, 'assets', 'font-abc.woff2'), 'wOF2 font bytes wOF2 font bytes wOF2 font bytes');
    const server = await setup({ clientDir });
    // node:http, not fetch: fetch would undo the compression before the test could see it.
    const raw = (path: string, acceptEncoding?: string) =>
      new Promise<{ headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
        const req = get(`${server.url}${path}`, { headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
        });
        req.on('error', reject);
      });
    const br = await raw('/assets/main-abc.js', 'gzip, deflate, br, zstd');
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toBe('accept-encoding');
    expect(Number(br.headers['content-length'])).toBe(br.body.length);
    expect(br.body.length).toBeLessThan(script.length / 4);
    expect(brotliDecompressSync(br.body).toString()).toBe(script);
    const gz = await raw('/assets/main-abc.js', 'gzip, br;q=0');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(script);
    const page = await raw('/w/abc/join', 'gzip');
    expect(page.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(page.body).toString()).toContain('<title>app</title>');
    for (const plain of [undefined, 'identity', 'br;q=0']) {
      const res = await raw('/assets/main-abc.js', plain);
      expect(res.headers['content-encoding'], `accept-encoding: ${plain}`).toBeUndefined();
      expect(res.body.toString()).toBe(script);
    }
    const font = await raw('/assets/font-abc.woff2', 'br, gzip');
    expect(font.headers['content-encoding']).toBeUndefined();
    expect(font.body.toString()).toContain('wOF2');
  });

  it('S1: without a built client, pages get a placeholder and the API still works', async () => {
    const dir = tempDir();
    cleanup.push(() => dir.remove());
    const server = await setup({ clientDir: join(dir.path, 'missing') });
    const page = await fetch(`${server.url}/w/x`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('not built');
  });

  it('S4: log lines carry the room and connection, and never a token', async () => {
    const { logStream, lines } = logCapture();
    const server = await setup({ logLevel: 'debug', logStream });
    const w = await createWorkshop(server);
    const g = w.groups[0]!.id;
    const a = client(server, w.id, g, w.tokens.participant);
    await a.synced;
    await fetch(`${server.url}/api/workshops/${w.id}?token=${w.tokens.viewer}`);
    await fetch(`${server.url}/api/workshops/${w.id}/groups/${g}/diagram.json`, { headers: { authorization: `Bearer ${w.tokens.facilitator}` } });
    a.destroy();
    await server.close();
    const log = lines.join('');
    for (const token of Object.values(w.tokens)) expect(log).not.toContain(token);
    const opened = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === 'connection opened');
    expect(opened).toMatchObject({ room: `${w.id}/${g}`, role: 'participant', conn: expect.any(Number) });
  });
});

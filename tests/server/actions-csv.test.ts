/**
 * S31: a group's action plan as CSV over HTTP (M-F13), in the workshop's language or `?lang=`,
 * with the roles and errors of the other diagram routes.
 */
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CSV_COLUMNS,
  CSV_LABELS,
  DEFAULT_CSV_HEADERS,
  LOCALES,
  PRIORITY_MARKS,
  ACTION_STATUSES,
  addAction,
  addCategory,
  addCause,
  createDiagram,
  readTree,
  setPriority,
  toJson,
} from '@causeway/shared';
import type { RunningServer } from '../../server/src/index.ts';
import { createMemoryStore } from '../../server/src/store/memory.ts';
import { createWorkshop, readCsv, start, type CreatedWorkshop } from './helpers.ts';

let server: RunningServer;
let store: ReturnType<typeof createMemoryStore>;
let w: CreatedWorkshop;
let g: string;

beforeAll(async () => {
  store = createMemoryStore();
  server = await start({ store });
  w = await createWorkshop(server, { title: 'Plan', groups: ['Zespół Łódź', 'Empty'], locale: 'pl', template: 'blank' });
  g = w.groups[0]!.id;
  // A diagram with marks and actions, imported as a file (the server stores it as the group's document).
  const doc = new Y.Doc();
  createDiagram(doc, { template: 'blank', locale: 'pl', problem: 'Wnioski czekają 40 dni', createdAt: 1 });
  const people = addCategory(doc, 'Ludzie');
  const forms = addCause(doc, people, 'Formularze, "papierowe"\nna zmianę');
  const staff = addCause(doc, people, 'Za mało urzędników');
  setPriority(doc, forms, 'confirmed');
  setPriority(doc, staff, 'needs-evidence');
  addAction(doc, forms, { what: 'Wdrożyć e-formularz', owner: 'Anna', due: '2026-12-31', status: 'doing' });
  addAction(doc, forms, { what: '=HYPERLINK("x")', owner: '', status: 'done' });
  addAction(doc, staff, { what: 'Zbadać obciążenie', owner: 'Béla, IT', status: 'todo' });
  const res = await fetch(`${server.url}/api/workshops/${w.id}/groups/${g}/diagram.json`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${w.tokens.facilitator}` },
    body: toJson(readTree(doc)),
  });
  expect(res.status).toBe(200);
});

afterAll(async () => {
  await server.close();
  await store.close();
});

const csvUrl = (group: string, query = '') => `${server.url}/api/workshops/${w.id}/groups/${group}/actions.csv${query}`;
/** The body with its BOM (Response.text() drops a leading BOM, as the WHATWG decoder does). */
const rawText = async (res: Response) => Buffer.from(await res.arrayBuffer()).toString('utf8');
const get = (url: string, token: string | null, method = 'GET') => fetch(url, { method, headers: token ? { authorization: `Bearer ${token}` } : {} });

describe('GET /api/workshops/:w/groups/:g/actions.csv', () => {
  it('S31, M-F13: Polish headers and labels (the workshop language), BOM, one row per action in plan order, quoting and formula guard', async () => {
    const res = await get(csvUrl(g), w.tokens.participant);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="Zespol-Lodz-actions.csv"; filename*=UTF-8''${encodeURIComponent('Zespół-Łódź-actions.csv')}`,
    );
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    const rows = readCsv(text.slice(1));
    expect(rows).toEqual([
      ['Przyczyna', 'Kategoria', 'Priorytet', 'Głosy', 'Działanie', 'Odpowiedzialny', 'Termin', 'Status'],
      ['Formularze, "papierowe"\nna zmianę', 'Ludzie', 'Potwierdzona', '0', 'Wdrożyć e-formularz', 'Anna', '2026-12-31', 'W toku'],
      ['Formularze, "papierowe"\nna zmianę', 'Ludzie', 'Potwierdzona', '0', `'=HYPERLINK("x")`, '', '', 'Zrobione'],
      ['Za mało urzędników', 'Ludzie', 'Wymaga dowodów', '0', 'Zbadać obciążenie', 'Béla, IT', '', 'Do zrobienia'],
    ]);
    // Quoted on the wire: the comma, the quotes and the line break.
    expect(text).toContain('"Formularze, ""papierowe""\nna zmianę"');
    expect(text).toContain('"Béla, IT"');
  });

  it('S31: ?lang= picks another language; every language has its own complete labels', async () => {
    for (const lang of LOCALES) {
      const res = await get(csvUrl(g, `?lang=${lang}`), w.tokens.viewer);
      expect(res.status).toBe(200);
      const text = await rawText(res);
      expect(text.startsWith('\uFEFF')).toBe(true);
      const rows = readCsv(text.slice(1));
      const labels = CSV_LABELS[lang];
      expect(rows[0]).toEqual(CSV_COLUMNS.map((c) => labels.headers[c]));
      expect(rows[1]![2]).toBe(labels.priority.confirmed);
      expect(rows[1]![7]).toBe(labels.status.doing);
      for (const mark of PRIORITY_MARKS) expect(labels.priority[mark].trim()).not.toBe('');
      for (const status of ACTION_STATUSES) expect(labels.status[status].trim()).not.toBe('');
      if (lang !== 'en') {
        // Translated, not English left in place (a header may be the same word, e.g. "Status").
        const same = CSV_COLUMNS.filter((c) => labels.headers[c] === DEFAULT_CSV_HEADERS[c]);
        expect(same.length, lang).toBeLessThanOrEqual(1);
      }
    }
    expect(readCsv((await rawText(await get(csvUrl(g, '?lang=en'), w.tokens.viewer))).slice(1))[0]).toEqual(CSV_COLUMNS.map((c) => DEFAULT_CSV_HEADERS[c]));
    expect(readCsv((await rawText(await get(csvUrl(g, '?lang=bg'), w.tokens.viewer))).slice(1))[0]![0]).toBe('Причина');
  });

  it('S31: a group without actions answers the header row only', async () => {
    const res = await get(csvUrl(w.groups[1]!.id), w.tokens.facilitator);
    expect(res.status).toBe(200);
    expect(await rawText(res)).toBe('\uFEFFPrzyczyna,Kategoria,Priorytet,Głosy,Działanie,Odpowiedzialny,Termin,Status\r\n');
  });

  it('S31, S23: any role may read it; tokens, ids, groups, languages and methods are checked like the other routes', async () => {
    const status = async (url: string, token: string | null, method = 'GET') => {
      const res = await get(url, token, method);
      const body = method === 'HEAD' ? '' : await res.text();
      return [res.status, res.status === 200 ? 'ok' : (JSON.parse(body) as { error: { code: string } }).error.code];
    };
    for (const token of Object.values(w.tokens)) expect(await status(csvUrl(g), token)).toEqual([200, 'ok']);
    expect(await status(csvUrl(g), null)).toEqual([401, 'token_required']);
    expect(await status(csvUrl(g), 'x'.repeat(43))).toEqual([403, 'token_invalid']);
    expect(await status(csvUrl('nosuchgroup'), w.tokens.viewer)).toEqual([404, 'group_not_found']);
    expect(await status(csvUrl('bad%20id'), w.tokens.viewer)).toEqual([400, 'invalid_id']);
    expect(await status(csvUrl(g, '?lang=de'), w.tokens.viewer)).toEqual([400, 'invalid_request']);
    expect(await status(csvUrl(g), w.tokens.facilitator, 'POST')).toEqual([405, 'method_not_allowed']);
    const head = await get(csvUrl(g), w.tokens.viewer, 'HEAD');
    expect(head.status).toBe(200);
    expect(Number(head.headers.get('content-length'))).toBeGreaterThan(100);
    expect(await head.text()).toBe('');
  });
});

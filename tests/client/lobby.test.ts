import { describe, expect, it } from 'vitest';
import { absoluteUrl, readWorkshop } from '../../client/src/lobby/api.ts';
import { fieldOfPath, groupNames, validateWorkshopForm } from '../../client/src/lobby/form.ts';
import type { WorkshopForm } from '../../client/src/lobby/form.ts';
import { relativeTime } from '../../client/src/overview/time.ts';
import { countCauses } from '../../client/src/overview/watcher.ts';
import { parseRoute } from '../../client/src/route.ts';

const form = (patch: Partial<WorkshopForm> = {}): WorkshopForm => ({ title: 'Spring', locale: 'pl', template: '4p', count: '3', names: '', problem: '', ...patch });

describe('S15: workshop and join routes', () => {
  it('S15: /w/<id>#t= is the workshop overview and /w/<id>/join#t= the join page, token from the fragment', () => {
    expect(parseRoute('/w/ws_1', '#t=facilitator-secret')).toEqual({ kind: 'workshop', workshopId: 'ws_1', token: 'facilitator-secret' });
    expect(parseRoute('/w/ws_1/', '')).toEqual({ kind: 'workshop', workshopId: 'ws_1', token: null });
    expect(parseRoute('/w/ws_1/join', '#t=p')).toEqual({ kind: 'join', workshopId: 'ws_1', token: 'p' });
    expect(parseRoute('/w/ws_1/join/', '#t=')).toEqual({ kind: 'join', workshopId: 'ws_1', token: null });
  });

  it('S15: bad ids and other paths are not workshop pages', () => {
    expect(parseRoute('/w/bad%20id', '#t=a').kind).toBe('notFound');
    expect(parseRoute(`/w/${'a'.repeat(65)}/join`, '#t=a').kind).toBe('notFound');
    expect(parseRoute('/w/%E0%A4%A', '#t=a').kind).toBe('notFound');
    expect(parseRoute('/w/a/leave', '#t=a').kind).toBe('notFound');
    expect(parseRoute('/w/a/g/b', '#t=a').kind).toBe('board');
  });
});

describe('S14: the create-a-workshop form', () => {
  it('S14: a count becomes `groups: n`; names, one per line, win over the count', () => {
    expect(validateWorkshopForm(form())).toEqual({ ok: true, body: { title: 'Spring', locale: 'pl', template: '4p', groups: 3 } });
    const named = validateWorkshopForm(form({ names: '  Warszawa \n\n Sofia  Centre\r\nRīga\n', count: 'x', problem: '  Wnioski czekają  ' }));
    expect(named).toEqual({ ok: true, body: { title: 'Spring', locale: 'pl', template: '4p', groups: ['Warszawa', 'Sofia Centre', 'Rīga'], problem: 'Wnioski czekają' } });
    expect(groupNames('\n \n')).toEqual([]);
  });

  it('S14: every wrong field is reported at once', () => {
    const result = validateWorkshopForm({ title: '   ', locale: 'de', template: 'nope', count: '0', names: '', problem: 'x'.repeat(1001) });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      { field: 'title', problem: 'required' },
      { field: 'locale', problem: 'unknown' },
      { field: 'template', problem: 'unknown' },
      { field: 'count', problem: 'range' },
      { field: 'problem', problem: 'tooLong' },
    ]);
  });

  it('S14: limits: title 200, 1-100 groups, group names 100 characters', () => {
    expect(validateWorkshopForm(form({ title: 'x'.repeat(200), count: '100' })).ok).toBe(true);
    expect(validateWorkshopForm(form({ title: 'x'.repeat(201) })).ok).toBe(false);
    expect(validateWorkshopForm(form({ count: '101' })).ok).toBe(false);
    expect(validateWorkshopForm(form({ count: '2.5' })).ok).toBe(false);
    expect(validateWorkshopForm(form({ names: Array.from({ length: 101 }, (_, i) => `G${i}`).join('\n') })).ok).toBe(false);
    const long = validateWorkshopForm(form({ names: `ok\n${'y'.repeat(101)}` }));
    expect(long.ok ? [] : long.errors).toEqual([{ field: 'names', problem: 'nameTooLong' }]);
  });

  it("S14: the server's error paths map to form fields", () => {
    expect(fieldOfPath('$.title')).toBe('title');
    expect(fieldOfPath('$.groups[3]')).toBe('names');
    expect(fieldOfPath('$.problem')).toBe('problem');
    expect(fieldOfPath('$')).toBe(null);
  });
});

describe('S16: reading the workshop answer', () => {
  it('S16: the answer is validated; bad groups are dropped, odd fields get safe values', () => {
    const info = readWorkshop({
      id: 'w1',
      title: 'T',
      locale: 'xx',
      role: 'admin',
      groups: [{ id: 'g1', name: 'A', locked: true, connected: 3, people: 2, lastEditAt: 5, causes: 7 }, { name: 'no id' }, null, { id: 'g2', people: -1, causes: 'many', lastEditAt: 'yesterday' }],
      links: { facilitator: '/w/w1#t=f', participant: '/w/w1/join#t=p' },
    });
    expect(info.locale).toBe('en');
    expect(info.role).toBe('participant');
    expect(info.links).toBe(null);
    expect(info.groups).toEqual([
      { id: 'g1', name: 'A', locked: true, people: 2, lastEditAt: 5, causes: 7 },
      { id: 'g2', name: 'g2', locked: false, people: 0, lastEditAt: null, causes: 0 },
    ]);
    expect(readWorkshop({ role: 'facilitator', links: { facilitator: 'a', participant: 'b', viewer: 'c' } }).links).toEqual({ facilitator: 'a', participant: 'b', viewer: 'c' });
  });

  it('S15: link paths become absolute URLs on the page origin', () => {
    expect(absoluteUrl('/w/abc/join#t=x-y_z', 'https://causeway.example:8443')).toBe('https://causeway.example:8443/w/abc/join#t=x-y_z');
  });
});

describe('S16: overview figures', () => {
  it('S16: causes are the nodes below categories, at any depth', () => {
    const leaf = (text: string) => ({ text, children: [] });
    expect(countCauses({ problem: 'p', categories: [] })).toBe(0);
    expect(
      countCauses({
        problem: 'p',
        categories: [
          { text: 'People', children: [{ text: 'a', children: [leaf('b'), leaf('c')] }] },
          { text: 'Law', children: [] },
        ],
      }),
    ).toBe(3);
  });

  it('C12: last activity reads naturally in every language', () => {
    const now = 1_000_000_000;
    expect(relativeTime(now - 5_000, now, 'en')).toBe('now');
    expect(relativeTime(now - 3 * 60_000, now, 'en')).toBe('3 minutes ago');
    expect(relativeTime(now - 2 * 3_600_000, now, 'pl')).toBe('2 godziny temu');
    expect(relativeTime(now - 3 * 86_400_000, now, 'hu')).toBe('3 nappal ezelőtt');
    expect(relativeTime(now - 60 * 60_000, now, 'bg')).toMatch(/час/);
  });
});

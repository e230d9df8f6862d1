import { describe, expect, it } from 'vitest';
import { actionPlan, actionPlanCsv, addAction, setPriority } from '../../shared/src/facilitation/index.ts';
import type { PlanEntry } from '../../shared/src/facilitation/index.ts';
import { editText } from '../../shared/src/model/index.ts';
import { readCsv } from '../server/helpers.ts';
import { sampleDoc } from './helpers.ts';

describe('action plan CSV', () => {
  it('M-F13: header row, one row per action in plan order, CRLF line ends', () => {
    const { doc, a, c } = sampleDoc();
    addAction(doc, a, { what: 'Train staff', owner: 'Anna', due: '2026-12-01' });
    addAction(doc, c, { what: 'Online form', status: 'doing' });
    setPriority(doc, c, 'confirmed');
    const csv = actionPlanCsv(actionPlan(doc));
    expect(csv).toBe(
      'Cause,Category,Priority,Votes,Action,Owner,Due,Status\r\n' +
        'Paper forms,Process,confirmed,0,Online form,,,doing\r\n' +
        'Untrained staff,People,,0,Train staff,Anna,2026-12-01,todo\r\n',
    );
  });

  it('M-F13: quotes commas, quotes and line breaks (RFC 4180), keeps any Unicode, guards formulas', () => {
    const { doc, a } = sampleDoc();
    editText(doc, a, 'Служители, "нови"\nи стари');
    addAction(doc, a, { what: '=HYPERLINK("x")', owner: 'Łukasz Żółć' });
    addAction(doc, a, { what: 'Árvíztűrő tükörfúrógép 😀', owner: '-1' });
    const csv = actionPlanCsv(actionPlan(doc));
    expect(csv).toContain('"Служители, ""нови""\nи стари"');
    const rows = readCsv(csv);
    expect(rows).toHaveLength(3);
    expect(rows[1]).toEqual(['Служители, "нови"\nи стари', 'People', '', '0', `'=HYPERLINK("x")`, 'Łukasz Żółć', '', 'todo']);
    expect(rows[2]![4]).toBe('Árvíztűrő tükörfúrógép 😀');
    expect(rows[2]![5]).toBe("'-1");
  });

  it('M-F13: translated headers and labels, optional byte order mark', () => {
    const plan: PlanEntry[] = [
      { cause: 'c1' as never, text: 'Kadry', category: 'Ludzie', priority: 'likely-root-cause', votes: 4, actions: [{ id: 'x' as never, cause: 'c1' as never, what: 'Szkolenie', owner: '', due: '', status: 'done' }] },
    ];
    const csv = actionPlanCsv(plan, {
      headers: { cause: 'Przyczyna', what: 'Działanie' },
      priorityLabel: (m) => (m === 'likely-root-cause' ? 'Prawdopodobna przyczyna' : m),
      statusLabel: (s) => (s === 'done' ? 'Zrobione' : s),
      bom: true,
    });
    expect(csv.startsWith('\uFEFFPrzyczyna,Category,Priority,Votes,Działanie,')).toBe(true);
    expect(csv.split('\r\n')[1]).toBe('Kadry,Ludzie,Prawdopodobna przyczyna,4,Szkolenie,,,Zrobione');
    expect(actionPlanCsv([])).toBe('Cause,Category,Priority,Votes,Action,Owner,Due,Status\r\n');
  });
});

import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
  MIGRATIONS,
  SCHEMA_VERSION,
  addCategory,
  addCause,
  checkDocument,
  createDiagram,
  migrateDocument,
  readTree,
} from '../../shared/src/model/index.ts';
import type { NodeId } from '../../shared/src/tree.ts';
import { labels } from './helpers.ts';

function valid(): Y.Doc {
  const doc = new Y.Doc();
  createDiagram(doc, { template: '4m', locale: 'en', problem: 'P' });
  addCause(doc, readTree(doc).categories[0]!.id!, 'c');
  return doc;
}

/** A pre-versioning draft (version 0): plain strings, plain-object nodes, missing fields. */
function version0(): Y.Doc {
  const doc = new Y.Doc();
  doc.transact(() => {
    doc.getMap('meta').set('problem', 'Slow permits');
    const nodes = doc.getMap('nodes');
    const people = new Y.Map<unknown>();
    people.set('text', 'People');
    people.set('order', 'V');
    nodes.set('people', people);
    nodes.set('training', { parent: 'people', text: 'No training' });
    nodes.set('law', { text: 'Law' });
    const it = new Y.Map<unknown>();
    it.set('parent', 'root');
    it.set('text', new Y.Text('IT'));
    it.set('order', 'a0');
    nodes.set('it', it);
  });
  return doc;
}

describe('schema validation (M18)', () => {
  it('M18: a document made by the operations is valid', () => {
    expect(checkDocument(valid())).toEqual({ ok: true });
  });

  it('M18: every broken field is reported with its path, and nothing is changed', () => {
    const doc = valid();
    const id = readTree(doc).categories[1]!.id!;
    doc.transact(() => {
      doc.getMap('meta').set('problem', 'plain string');
      doc.getMap('meta').delete('createdAt');
      const node = doc.getMap('nodes').get(id) as Y.Map<unknown>;
      node.set('order', 'a0');
      node.set('parent', 'bad id!');
      node.set('text', 'plain');
      node.delete('createdAt');
      doc.getMap('nodes').set('root', new Y.Map());
      doc.getMap('nodes').set('x', 5);
    });
    const before = Y.encodeStateAsUpdate(doc);
    const result = checkDocument(doc);
    expect(result.ok).toBe(false);
    const paths = result.ok ? [] : result.errors.map((e) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'meta.problem',
        'meta.createdAt',
        `nodes.${id}.order`,
        `nodes.${id}.parent`,
        `nodes.${id}.text`,
        `nodes.${id}.createdAt`,
        'nodes.root',
        'nodes.x',
      ]),
    );
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  });

  it('M18: orphans are not errors; a missing, newer or non-integer version is', () => {
    const doc = valid();
    addCause(doc, 'ghost' as NodeId, 'orphan');
    expect(checkDocument(doc).ok).toBe(true);
    for (const version of [undefined, 2, 1.5, '1']) {
      const copy = valid();
      if (version === undefined) copy.getMap('meta').delete('schemaVersion');
      else copy.getMap('meta').set('schemaVersion', version);
      const result = checkDocument(copy);
      expect(result.ok ? [] : result.errors.map((e) => e.path)).toEqual(['meta.schemaVersion']);
    }
  });
});

describe('schema migrations (M19)', () => {
  it('M19: migrations are numbered 1..SCHEMA_VERSION with unique names', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1));
    expect(new Set(MIGRATIONS.map((m) => m.name)).size).toBe(MIGRATIONS.length);
  });

  it('M19: migration 1 turns a version-0 draft into a valid v1 document with the same content', () => {
    const doc = version0();
    expect(checkDocument(doc).ok).toBe(false);
    MIGRATIONS[0]!.migrate(doc);
    expect(checkDocument(doc)).toEqual({ ok: true });
    expect(doc.getMap('meta').get('schemaVersion')).toBe(1);
    expect(doc.getMap('meta').get('template')).toBe('blank');
    expect(labels(readTree(doc))).toEqual({
      problem: 'Slow permits',
      categories: [['People', ['No training']], 'IT', 'Law'],
    });
  });

  it('M19: migrateDocument applies pending migrations in one transaction with the migration origin', () => {
    const doc = version0();
    const origins: unknown[] = [];
    doc.on('afterTransaction', (tr) => origins.push(tr.origin));
    const result = migrateDocument(doc);
    expect(result).toEqual({ ok: true, fromVersion: 0, toVersion: 1, applied: ['001-schema-version-and-yjs-types'] });
    expect(origins).toHaveLength(1);
    expect(origins[0]).toMatchObject({ kind: 'migration' });
    expect(migrateDocument(doc)).toEqual({ ok: true, fromVersion: 1, toVersion: 1, applied: [] });
  });

  it('M19: a document with a newer version is refused and left untouched', () => {
    const doc = valid();
    doc.getMap('meta').set('schemaVersion', SCHEMA_VERSION + 1);
    const before = Y.encodeStateAsUpdate(doc);
    const result = migrateDocument(doc);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.errors[0]!.message).toMatch(/newer/);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  });

  it('M19: a document still invalid after migrating is reported and not half-migrated', () => {
    const doc = version0();
    doc.getMap('nodes').set('bad id!', { text: 'x' });
    const before = Y.encodeStateAsUpdate(doc);
    const result = migrateDocument(doc);
    expect(result.ok ? [] : result.errors.map((e) => e.path)).toEqual(['nodes.bad id!']);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  });

  it('M19: a valid current document is reported ok; an empty document is left empty', () => {
    expect(migrateDocument(valid())).toEqual({ ok: true, fromVersion: 1, toVersion: 1, applied: [] });
    const empty = new Y.Doc();
    expect(migrateDocument(empty)).toEqual({ ok: true, fromVersion: 0, toVersion: 0, applied: [] });
    expect(empty.getMap('meta').size).toBe(0);
    addCategory(empty, 'x');
    expect(migrateDocument(empty).ok).toBe(true);
    expect(checkDocument(empty).ok).toBe(true);
  });
});

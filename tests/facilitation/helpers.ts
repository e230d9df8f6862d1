import * as Y from 'yjs';
import { addCategory, addCause, createDiagram } from '../../shared/src/model/index.ts';
import type { NodeId } from '../../shared/src/tree.ts';

/** Problem, two categories (People, Process), causes a, b under People and c (with child d) under Process. */
export function sampleDoc(): { doc: Y.Doc; people: NodeId; process: NodeId; a: NodeId; b: NodeId; c: NodeId; d: NodeId } {
  const doc = new Y.Doc();
  createDiagram(doc, { template: 'blank', locale: 'en', problem: 'Applications wait 40 days', createdAt: 1 });
  const people = addCategory(doc, 'People');
  const process = addCategory(doc, 'Process');
  const a = addCause(doc, people, 'Untrained staff');
  const b = addCause(doc, people, 'Too few clerks');
  const c = addCause(doc, process, 'Paper forms');
  const d = addCause(doc, c, 'Scanning is manual');
  return { doc, people, process, a, b, c, d };
}

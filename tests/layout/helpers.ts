import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { DiagramTree, LaidOutBone, NodeId, Rect, TreeNode } from '@causeway/shared';

export const FIXTURE_DIR = '/work/shared/fixtures';

interface FixtureNode {
  text: string;
  causes: FixtureNode[];
}

function toNode(f: FixtureNode): TreeNode {
  return { text: f.text, children: f.causes.map(toNode) };
}

/** The five shared fixtures, read directly (format version 1: problem, categories with causes). */
export function loadFixtures(): { name: string; tree: DiagramTree }[] {
  return readdirSync(FIXTURE_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((name) => {
      const json = JSON.parse(readFileSync(join(FIXTURE_DIR, name), 'utf8')) as { problem: string; categories: FixtureNode[] };
      return { name, tree: { problem: json.problem, categories: json.categories.map(toNode) } };
    });
}

export function countNodes(tree: DiagramTree): number {
  let count = 0;
  const stack = [...tree.categories];
  while (stack.length > 0) {
    const node = stack.pop()!;
    count++;
    stack.push(...node.children);
  }
  return count;
}

const EPS = 1e-6;

/** True when the interiors of two rectangles share any point. */
export function rectsOverlap(a: Rect, b: Rect): boolean {
  return a.x + EPS < b.x + b.width && b.x + EPS < a.x + a.width && a.y + EPS < b.y + b.height && b.y + EPS < a.y + a.height;
}

/** Liang-Barsky: does the segment meet the rectangle grown by `grow` (negative shrinks it)? */
export function segmentMeetsRect(bone: Pick<LaidOutBone, 'from' | 'to'>, r: Rect, grow: number): boolean {
  const x0 = r.x - grow;
  const x1 = r.x + r.width + grow;
  const y0 = r.y - grow;
  const y1 = r.y + r.height + grow;
  if (x1 < x0 || y1 < y0) return false;
  const dx = bone.to.x - bone.from.x;
  const dy = bone.to.y - bone.from.y;
  let t0 = 0;
  let t1 = 1;
  const clip = (p: number, q: number): boolean => {
    if (p === 0) return q >= 0;
    const t = q / p;
    if (p < 0) {
      if (t > t1) return false;
      if (t > t0) t0 = t;
    } else {
      if (t < t0) return false;
      if (t < t1) t1 = t;
    }
    return true;
  };
  return (
    clip(-dx, bone.from.x - x0) && clip(dx, x1 - bone.from.x) && clip(-dy, bone.from.y - y0) && clip(dy, y1 - bone.from.y) && t0 <= t1
  );
}

/** Do two segments cross or touch anywhere other than at a shared end point? */
export function segmentsMeet(a: Pick<LaidOutBone, 'from' | 'to'>, b: Pick<LaidOutBone, 'from' | 'to'>): boolean {
  const cross = (o: { x: number; y: number }, p: { x: number; y: number }, q: { x: number; y: number }) =>
    (p.x - o.x) * (q.y - o.y) - (p.y - o.y) * (q.x - o.x);
  const d1 = cross(b.from, b.to, a.from);
  const d2 = cross(b.from, b.to, a.to);
  const d3 = cross(a.from, a.to, b.from);
  const d4 = cross(a.from, a.to, b.to);
  const scale = Math.max(1, Math.hypot(a.to.x - a.from.x, a.to.y - a.from.y) * Math.hypot(b.to.x - b.from.x, b.to.y - b.from.y));
  const eps = 1e-9 * scale;
  return ((d1 > eps && d2 < -eps) || (d1 < -eps && d2 > eps)) && ((d3 > eps && d4 < -eps) || (d3 < -eps && d4 > eps));
}

// Labels mixing the five workshop languages, with diacritics, Cyrillic and some very long words.
const WORDS = [
  'Applications', 'wait', 'forty', 'days', 'for', 'a', 'decision', 'staff', 'turnover', 'unclear', 'ownership',
  'Wnioski', 'czekają', 'średnio', 'decyzję', 'administracyjną', 'Źródło', 'łańcuch', 'żółć', 'wytycznych',
  'Ниска', 'удовлетвореност', 'гражданите', 'електронните', 'услуги', 'Дублиране', 'хартиени', 'подпис', 'Щъркел',
  'Iepirkumu', 'procedūras', 'ilgst', 'pārāk', 'ilgi', 'līgumu', 'ģērbšanās', 'ķēde', 'Ņemot',
  'Magas', 'fluktuáció', 'ügyintézők', 'között', 'hosszú', 'ősszel', 'Űrlap', 'bérezés',
  'Elektroninio-parašo-sistemos-integracijos-nebuvimas-regioniniuose-skyriuose',
  'Непрекъснатоизменящатасезаконодателнарамкавобластта', '—', '(28%)', '40', 'EZD', 'API',
];
const CHARS = [...'abcdefghijklmnopqrstuvwxyz ABCXYZ ąćęłńóśźż ĀāČčĒēĢģĪīĶķĻļŅņŠšŪūŽž őŐűŰáéíóöüú абвгдежзийклмнопрстуфхцчшщъьюяЖЩЮЯ 0123456789 .,;:!?-–"\'/'];

export const labelText: fc.Arbitrary<string> = fc
  .oneof(
    fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 24 }).map((ws) => ws.join(' ')),
    fc.string({ unit: fc.constantFrom(...CHARS), minLength: 1, maxLength: 120 }),
  )
  .map((s) => (s.length > 120 ? s.slice(0, 120) : s))
  .filter((s) => s.length >= 1);

export interface GenTree {
  tree: DiagramTree;
  size: number;
  ids: Set<string>;
}

/**
 * Random trees of up to `maxNodes` categories and causes, depth up to `maxDepth` (1 = category).
 * Each new node picks an existing parent (or the root), so shapes range from flat to deep chains.
 * About half the trees carry ids, the rest are keyed by path.
 */
export function arbitraryTree(maxNodes = 300, maxDepth = 6): fc.Arbitrary<GenTree> {
  return fc
    .record({
      problem: labelText,
      withIds: fc.boolean(),
      // One in `categoryOdds` new nodes is a category: few wide categories or many thin ones.
      categoryOdds: fc.constantFrom(3, 10, 40),
      nodes: fc.array(fc.record({ pick: fc.nat(), rootPick: fc.nat(), text: labelText }), { maxLength: maxNodes, size: 'max' }),
    })
    .map(({ problem, withIds, categoryOdds, nodes }) => {
      const categories: TreeNode[] = [];
      const open: { node: TreeNode; depth: number }[] = [];
      const ids = new Set<string>();
      nodes.forEach(({ pick, rootPick, text }, i) => {
        const id = withIds ? (`n${i}` as NodeId) : undefined;
        const node: TreeNode = id ? { id, text, children: [] } : { text, children: [] };
        if (open.length === 0 || rootPick % categoryOdds === 0) {
          categories.push(node);
          open.push({ node, depth: 1 });
        } else {
          const parent = open[pick % open.length]!;
          parent.node.children.push(node);
          if (parent.depth + 1 < maxDepth) open.push({ node, depth: parent.depth + 1 });
        }
      });
      const tree: DiagramTree = { problem, categories };
      const walk = (list: TreeNode[], path: number[]) =>
        list.forEach((node, i) => {
          const p = [...path, i];
          ids.add(node.id ?? `p:${p.join('.')}`);
          walk(node.children, p);
        });
      walk(categories, []);
      return { tree, size: nodes.length, ids };
    });
}

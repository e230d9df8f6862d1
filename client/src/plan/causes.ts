/** Pure helpers of the plan panel's cause picker (tested in Node: tests/client/plan-causes.test.ts). */
import type { DiagramTree, NodeId, TreeNode } from '@causeway/shared';

export interface CauseChoice {
  id: NodeId;
  text: string;
  /** Labels of the ancestors, category first (empty for a category). */
  path: string[];
}

/** Every category and cause that has an id, in outline order (depth first). */
export function causeChoices(tree: DiagramTree): CauseChoice[] {
  const out: CauseChoice[] = [];
  const visit = (nodes: readonly TreeNode[], path: string[]) => {
    for (const node of nodes) {
      if (node.id) out.push({ id: node.id, text: node.text, path });
      visit(node.children, [...path, node.text]);
    }
  };
  visit(tree.categories, []);
  return out;
}

/** Lower case without diacritics, so "zrodla" finds "Źródła" and "lemumi" finds "lēmumi". */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}+/gu, '').toLocaleLowerCase('en').replace(/ł/g, 'l');
}

/**
 * Choices whose label (or, second, whose category path) contains every word of the query; labels
 * that start with the query come first, then the rest in outline order.
 */
export function searchCauses(choices: readonly CauseChoice[], query: string): CauseChoice[] {
  const words = foldText(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...choices];
  const scored: { choice: CauseChoice; score: number; at: number }[] = [];
  choices.forEach((choice, at) => {
    const label = foldText(choice.text);
    const all = `${label} ${foldText(choice.path.join(' '))}`;
    if (!words.every((w) => all.includes(w))) return;
    const first = words[0]!;
    const score = label.startsWith(first) ? 0 : words.every((w) => label.includes(w)) ? 1 : 2;
    scored.push({ choice, score, at });
  });
  return scored.sort((a, b) => a.score - b.score || a.at - b.at).map((s) => s.choice);
}

/**
 * M-F18: facilitation in the Markdown outline. Marks, votes and the ids that links and actions
 * need ride on the bullet line as a trailing `{#id priority=… votes=…}`; links, actions and the
 * voting session follow the outline in `## Links`, `## Actions` (a GFM table) and `## Voting`.
 * A tree without facilitation is written exactly as before. Called by formats/markdown.ts, which
 * passes its own label escaping so the two never disagree.
 */
import { NODE_ID_PATTERN, tooLargeError } from '../formats/errors.ts';
import type { FormatError, FormatErrorCode, ParseResult } from '../formats/errors.ts';
import type { DiagramTree, NodeId, TreeNode } from '../tree.ts';
import { DEFAULT_VOTING_SETTINGS, isActionStatus, isDueDate, isParticipantId, isPriorityMark, isVoteBudget, isVoteCount, isVoteVisibility, isVotingState } from './store.ts';
import type { TreeAction, TreeLink, TreeVoting } from './types.ts';

export type EscapeLabel = (text: string, kind: 'heading' | 'item') => string;
export type UnescapeLabel = (text: string) => string;

const SECTION = /^## (Links|Actions|Voting)[ \t]*$/;
const ACTION_HEADER = ['Id', 'Cause', 'What', 'Owner', 'Due', 'Status'];
const VOTING_KEYS = { state: 'State', votesPerParticipant: 'Votes per participant', allowMultiple: 'Several votes per cause', visibility: 'Visibility' } as const;
const REF = / \(#([A-Za-z0-9_-]{1,64})\)/g;

function nodesInOrder(tree: DiagramTree): TreeNode[] {
  const out: TreeNode[] = [];
  const stack: TreeNode[] = [...tree.categories].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    out.push(node);
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
  return out;
}

/** The `{…}` at the end of a bullet line, if the line ends with one: [start of " {", tokens]. */
function suffixAt(line: string): [number, string[]] | null {
  if (!line.endsWith('}')) return null;
  const start = line.lastIndexOf(' {');
  if (start < 0) return null;
  const body = line.slice(start + 2, -1);
  if (body === '' || /[{}]/.test(body)) return null;
  const tokens = body.split(' ');
  return tokens.every((t) => /^#[A-Za-z0-9_-]{1,64}$/.test(t) || /^[a-z]+=[^\s{}]*$/.test(t)) ? [start, tokens] : null;
}

/** Adds a backslash before each of `chars` in already escaped Markdown, unless it has one. */
function escapeMore(escaped: string, chars: string): string {
  let out = '';
  for (let i = 0; i < escaped.length; i++) {
    const ch = escaped[i]!;
    if (ch === '\\' && i + 1 < escaped.length) {
      out += ch + escaped[++i]!;
    } else out += chars.includes(ch) ? `\\${ch}` : ch;
  }
  return out;
}

/** A label as the informational text of a reference: `(` and `|` escaped so they cannot end it. */
const refLabel = (escape: EscapeLabel, text: string) => escapeMore(escape(text, 'item'), '(|');
const cell = (escape: EscapeLabel, text: string) => (text === '' ? '' : escapeMore(escape(text, 'item'), '|'));

/** Adds the facilitation parts to `outline`, the Markdown toMarkdown wrote for `tree` (F10). */
export function withFacilitationMarkdown(tree: DiagramTree, outline: string, escape: EscapeLabel): string {
  const nodes = nodesInOrder(tree);
  const referenced = new Set<string>();
  for (const link of tree.links ?? []) referenced.add(link.from).add(link.to);
  for (const action of tree.actions ?? []) referenced.add(action.cause);
  const labels = new Map<string, string>();
  for (const node of nodes) if (node.id !== undefined) labels.set(node.id, node.text);

  const lines = outline.split('\n');
  let n = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!/^ *- /.test(line)) continue;
    const node = nodes[n++];
    if (!node) break;
    const parts: string[] = [];
    if (node.id !== undefined && (referenced.has(node.id) || node.priority !== undefined || node.votes !== undefined)) parts.push(`#${node.id}`);
    if (node.priority !== undefined) parts.push(`priority=${node.priority}`);
    const votes = Object.entries(node.votes ?? {});
    if (votes.length > 0) parts.push(`votes=${votes.map(([p, c]) => `${p}:${c}`).join(',')}`);
    if (parts.length > 0) lines[i] = `${line} {${parts.join(' ')}}`;
    else {
      // A label that itself ends like `{#x}` gets its brace escaped, so it is not read as one.
      const suffix = suffixAt(line);
      if (suffix) lines[i] = `${line.slice(0, suffix[0] + 1)}\\${line.slice(suffix[0] + 1)}`;
    }
  }
  let out = lines.join('\n');

  const ref = (id: string) => `${refLabel(escape, labels.get(id) ?? '')} (#${id})`;
  const links = tree.links ?? [];
  if (links.length > 0) out += `\n## Links\n\n${links.map((l) => `- ${ref(l.from)} → ${ref(l.to)}\n`).join('')}`;
  const actions = tree.actions ?? [];
  if (actions.length > 0) {
    const row = (cells: string[]) => `| ${cells.join(' | ')} |\n`.replace(/ {2}\|/g, ' |');
    out += `\n## Actions\n\n${row(ACTION_HEADER)}${row(ACTION_HEADER.map(() => '---'))}`;
    for (const a of actions) out += row([a.id ?? '', ref(a.cause), cell(escape, a.what), cell(escape, a.owner), a.due, a.status]);
  }
  if (tree.voting) {
    const v = tree.voting;
    out += `\n## Voting\n\n- ${VOTING_KEYS.state}: ${v.state}\n- ${VOTING_KEYS.votesPerParticipant}: ${v.votesPerParticipant}\n`;
    out += `- ${VOTING_KEYS.allowMultiple}: ${v.allowMultiple ? 'yes' : 'no'}\n- ${VOTING_KEYS.visibility}: ${v.visibility}\n`;
  }
  return out;
}

/** Splits a table row on pipes that are not escaped; the outer pipes are optional. */
function tableCells(line: string): string[] {
  const cells: string[] = [];
  let current = '';
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (ch === '\\' && i + 1 < line.length) {
      current += ch + line[i + 1]!;
      i++;
    } else if (ch === '|') {
      cells.push(current);
      current = '';
    } else current += ch;
  }
  cells.push(current);
  const trimmed = cells.map((c) => c.trim());
  if (trimmed[0] === '') trimmed.shift();
  if (trimmed.length > 0 && trimmed[trimmed.length - 1] === '' && line.trimEnd().endsWith('|')) trimmed.pop();
  return trimmed;
}

interface Suffix {
  line: number;
  tokens: string[];
}

/**
 * Reads a Markdown outline with facilitation (M-F18). `parseOutline` is the outline reader (F12)
 * and sees the file without the facilitation parts; every error keeps its line number.
 */
export function parseFacilitationMarkdown(text: string, parseOutline: (text: string) => ParseResult, unescape: UnescapeLabel): ParseResult {
  const large = tooLargeError(text, 'line 1', 1);
  if (large) return { ok: false, errors: [large] };
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const errors: FormatError[] = [];
  const report = (line: number, code: FormatErrorCode, message: string, params: Record<string, string | number> = {}) =>
    errors.push({ path: `line ${line}`, code, message, params: { line, ...params } });

  let end = lines.findIndex((l) => SECTION.test(l));
  if (end < 0) end = lines.length;
  const suffixes: Suffix[] = [];
  const outlineLines = lines.slice(0, end).map((line, index) => {
    if (!/^[ \t]*[-*+][ \t]/.test(line)) return line;
    let cut = line.length;
    while (cut > 0 && (line[cut - 1] === ' ' || line[cut - 1] === '\t')) cut--;
    const trimmed = line.slice(0, cut);
    const suffix = suffixAt(trimmed);
    suffixes.push({ line: index + 1, tokens: suffix ? suffix[1] : [] });
    return suffix ? trimmed.slice(0, suffix[0]) : line;
  });
  if (end === lines.length && suffixes.every((s) => s.tokens.length === 0)) return parseOutline(text);

  const outline = parseOutline(outlineLines.join('\n'));
  // F2: a file refused outright reports that one error only.
  if (!outline.ok && outline.errors.some((e) => e.code === 'too_many_nodes')) return outline;
  const ids = new Map<string, number>();
  const tree: DiagramTree = outline.ok ? outline.tree : { problem: '', categories: [] };
  let hasVotes = false;
  const nodes = outline.ok ? nodesInOrder(tree) : [];
  suffixes.forEach((suffix, i) => {
    const node = nodes[i];
    for (const token of suffix.tokens) {
      if (token.startsWith('#')) {
        const id = token.slice(1);
        const first = ids.get(id);
        if (first !== undefined) report(suffix.line, 'duplicate_id', `Id "${id}" is already used on line ${first}.`, { id, firstPath: `line ${first}` });
        else {
          ids.set(id, suffix.line);
          if (node) node.id = id as NodeId;
        }
        continue;
      }
      const [key, value] = [token.slice(0, token.indexOf('=')), token.slice(token.indexOf('=') + 1)];
      if (key === 'priority' && isPriorityMark(value)) {
        if (node) node.priority = value;
      } else if (key === 'votes') {
        const entries: Array<[string, number]> = [];
        for (const part of value.split(',')) {
          const [participant = '', count = ''] = part.split(':');
          if (!isParticipantId(participant)) report(suffix.line, 'invalid_id', `Line ${suffix.line}: "${participant}" is not a participant id.`, { id: participant.slice(0, 80) });
          else if (!/^\d+$/.test(count) || !isVoteCount(Number(count))) report(suffix.line, 'wrong_type', `Line ${suffix.line}: votes are written participant:count.`, { expected: 'participant:count', found: part.slice(0, 80) });
          else entries.push([participant, Number(count)]);
        }
        if (node && entries.length > 0) {
          node.votes = Object.fromEntries(entries);
          hasVotes = true;
        }
      } else report(suffix.line, 'wrong_type', `Line ${suffix.line}: "${token}" is not priority=<mark> or votes=<participant:count,...>.`, { expected: 'priority or votes', found: token.slice(0, 80) });
    }
  });

  const reference = (line: number, raw: string): NodeId | null => {
    const matches = Array.from(raw.matchAll(REF));
    const id = matches[0]?.[1];
    if (id === undefined) {
      report(line, 'unexpected_text', `Line ${line}: a cause is named by its label and "(#id)".`);
      return null;
    }
    if (!ids.has(id)) {
      report(line, 'invalid_id', `Line ${line}: no category or cause has the id "${id}".`, { id, reason: 'unknown' });
      return null;
    }
    return id as NodeId;
  };

  const links: TreeLink[] = [];
  const linkKeys = new Set<string>();
  const actions: TreeAction[] = [];
  let voting: TreeVoting | undefined;
  const seenSections = new Set<string>();
  let section = '';
  let tableRow = 0;
  const actionIds = new Map<string, number>();
  for (let index = end; index < lines.length; index++) {
    const line = index + 1;
    const source = lines[index]!;
    if (/^[ \t]*$/.test(source)) continue;
    const heading = SECTION.exec(source);
    if (heading) {
      section = heading[1]!;
      if (seenSections.has(section)) report(line, 'unexpected_text', `Line ${line}: a second "## ${section}" section.`);
      seenSections.add(section);
      tableRow = 0;
      if (section === 'Voting') voting = { state: 'closed', ...DEFAULT_VOTING_SETTINGS };
      continue;
    }
    if (section === 'Links' && source.startsWith('- ')) {
      const matches = Array.from(source.matchAll(REF));
      if (matches.length !== 2) {
        report(line, 'unexpected_text', `Line ${line}: a link is "- cause (#id) → cause (#id)".`);
        continue;
      }
      const from = reference(line, matches[0]![0]);
      const to = reference(line, matches[1]![0]);
      if (from === null || to === null) continue;
      if (from === to) report(line, 'invalid_id', `Line ${line}: a cause cannot be linked to itself.`, { id: from, reason: 'self_link' });
      else if (!linkKeys.has(`${from}>${to}`)) {
        linkKeys.add(`${from}>${to}`);
        links.push({ from, to });
      }
      continue;
    }
    if (section === 'Actions' && source.trimStart().startsWith('|')) {
      const cells = tableCells(source);
      tableRow++;
      if (tableRow === 1) {
        if (cells.join('|') !== ACTION_HEADER.join('|')) report(line, 'unexpected_text', `Line ${line}: the actions table starts with | ${ACTION_HEADER.join(' | ')} |.`);
        continue;
      }
      if (tableRow === 2 && cells.every((c) => /^:?-+:?$/.test(c))) continue;
      if (cells.length !== ACTION_HEADER.length) {
        report(line, 'unexpected_text', `Line ${line}: an action row has ${ACTION_HEADER.length} cells.`);
        continue;
      }
      const [id, causeCell, what, owner, due, status] = cells as [string, string, string, string, string, string];
      const before = errors.length;
      const cause = reference(line, ` ${causeCell}`);
      if (id !== '' && !NODE_ID_PATTERN.test(id)) report(line, 'invalid_id', `Line ${line}: "${id}" is not an id.`, { id: id.slice(0, 80) });
      else if (id !== '' && actionIds.has(id)) report(line, 'duplicate_id', `Line ${line}: action id "${id}" is already used on line ${actionIds.get(id)}.`, { id, firstPath: `line ${actionIds.get(id)}` });
      if (!isDueDate(due)) report(line, 'wrong_type', `Line ${line}: a due date is YYYY-MM-DD or empty.`, { expected: 'date YYYY-MM-DD or ""', found: String(due).slice(0, 80) });
      if (!isActionStatus(status)) report(line, 'wrong_type', `Line ${line}: a status is todo, doing or done.`, { expected: 'todo | doing | done', found: status.slice(0, 80) });
      if (errors.length > before || cause === null) continue;
      if (id !== '') actionIds.set(id, line);
      const action: TreeAction = { cause, what: unescape(what), owner: unescape(owner), due, status: status as TreeAction['status'] };
      actions.push(id === '' ? action : { id, ...action });
      continue;
    }
    if (section === 'Voting' && source.startsWith('- ') && voting) {
      const colon = source.indexOf(': ');
      const name = colon < 0 ? '' : source.slice(2, colon);
      const key = (Object.keys(VOTING_KEYS) as Array<keyof typeof VOTING_KEYS>).find((k) => VOTING_KEYS[k] === name);
      const value = colon < 0 ? '' : source.slice(colon + 2).trimEnd();
      if (key === 'state' && isVotingState(value)) voting.state = value;
      else if (key === 'votesPerParticipant' && /^\d+$/.test(value) && isVoteBudget(Number(value))) voting.votesPerParticipant = Number(value);
      else if (key === 'allowMultiple' && (value === 'yes' || value === 'no')) voting.allowMultiple = value === 'yes';
      else if (key === 'visibility' && isVoteVisibility(value)) voting.visibility = value;
      else report(line, 'unexpected_text', `Line ${line}: the voting section has "State", "Votes per participant", "Several votes per cause" and "Visibility".`);
      continue;
    }
    report(line, 'unexpected_text', `Line ${line} does not belong in the "## ${section}" section.`);
  }

  const all = [...(outline.ok ? [] : outline.errors), ...errors].sort((a, b) => Number(a.params?.line ?? 0) - Number(b.params?.line ?? 0));
  if (all.length > 0) return { ok: false, errors: all };
  if (links.length > 0) tree.links = links;
  if (actions.length > 0) tree.actions = actions;
  if (voting) tree.voting = voting;
  else if (hasVotes) tree.voting = { state: 'closed', ...DEFAULT_VOTING_SETTINGS };
  return { ok: true, tree };
}

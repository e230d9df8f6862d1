/**
 * Workshops, their groups, and who may do what. Each workshop has three role secrets; only
 * their hashes are stored. The participant and viewer secrets are derived from the
 * facilitator's, so a facilitator can always see every link again (SPEC S15).
 */
import { createHmac } from 'node:crypto';
import * as Y from 'yjs';
import { createDiagram, isLocale, randomId, readTree, SERVER_ORIGIN, TEMPLATES, type DiagramTree, type Locale, type TemplateId } from '@causeway/shared';
import type { GroupRecord, Role, Store, WorkshopRecord } from './store/types.ts';
import { hashToken, newToken, tokensEqual } from './store/tokens.ts';
import { HttpError } from './errors.ts';
import { roomName, type Rooms } from './rooms.ts';
import type { Room } from './room.ts';
import { CLOSE } from './protocol.ts';

export const ROLES: readonly Role[] = ['facilitator', 'participant', 'viewer'];

const MAX_GROUPS = 100;
/** How stale a changing room's cause count may be in a summary (ms). */
const LIVE_COUNT_MS = 1000;
const MAX_TITLE = 200;
const MAX_GROUP_NAME = 100;
const MAX_TOKEN = 256;

/** Default group names ("Group 3") in the workshop's language. */
const GROUP_WORD: Record<Locale, string> = { en: 'Group', pl: 'Grupa', bg: 'Група', lv: 'Grupa', hu: 'Csoport' };

export type Links = Record<Role, string>;

/** The link each role opens; the secret sits in the fragment so it never reaches server logs. */
export function linkPaths(workshopId: string, tokens: Record<Role, string>): Links {
  return {
    facilitator: `/w/${workshopId}#t=${tokens.facilitator}`,
    participant: `/w/${workshopId}/join#t=${tokens.participant}`,
    viewer: `/w/${workshopId}#t=${tokens.viewer}`,
  };
}

export function deriveTokens(facilitatorToken: string): Record<Role, string> {
  const derive = (role: Role) => createHmac('sha256', facilitatorToken).update(`causeway-role:${role}`).digest('base64url');
  return { facilitator: facilitatorToken, participant: derive('participant'), viewer: derive('viewer') };
}

export interface GroupSummary {
  id: string;
  name: string;
  locked: boolean;
  /** Open connections to the group's document right now (overviews and projectors included). */
  connected: number;
  /** People on the group's board right now: awareness states that announce a name (S16). */
  people: number;
  /** Last time the stored document changed (ms since epoch), null if never. */
  lastEditAt: number | null;
  causes: number;
}

export interface CreateWorkshopInput {
  title: string;
  groups: string[];
  template: TemplateId;
  locale: Locale;
  problem?: string;
}

/** Validates the body of POST /api/workshops; every problem is listed at once. */
export function parseCreateWorkshop(body: unknown): CreateWorkshopInput {
  const errors: { path: string; message: string }[] = [];
  const b = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
  if (b !== body) errors.push({ path: '$', message: 'Expected a JSON object' });
  const title = typeof b.title === 'string' ? b.title.trim() : '';
  if (title.length === 0 || title.length > MAX_TITLE) errors.push({ path: '$.title', message: `Expected a title of 1-${MAX_TITLE} characters` });
  const locale = b.locale === undefined ? 'en' : b.locale;
  if (!isLocale(locale)) errors.push({ path: '$.locale', message: 'Expected one of en, pl, bg, lv, hu' });
  const template = b.template === undefined ? 'blank' : b.template;
  if (!TEMPLATES.some((t) => t.id === template)) {
    errors.push({ path: '$.template', message: `Expected one of ${TEMPLATES.map((t) => t.id).join(', ')}` });
  }
  let groups: string[] = [];
  if (Array.isArray(b.groups)) {
    if (b.groups.length < 1 || b.groups.length > MAX_GROUPS) errors.push({ path: '$.groups', message: `Expected 1-${MAX_GROUPS} groups` });
    b.groups.forEach((name, i) => {
      if (typeof name !== 'string' || name.trim().length === 0 || name.trim().length > MAX_GROUP_NAME) {
        errors.push({ path: `$.groups[${i}]`, message: `Expected a group name of 1-${MAX_GROUP_NAME} characters` });
      }
    });
    groups = b.groups.map((n) => String(n).trim());
  } else {
    const count = b.count ?? b.groups ?? 1;
    if (!Number.isInteger(count) || (count as number) < 1 || (count as number) > MAX_GROUPS) {
      errors.push({ path: '$.groups', message: `Expected a list of group names or a count of 1-${MAX_GROUPS}` });
    } else {
      const word = GROUP_WORD[isLocale(locale) ? locale : 'en'];
      groups = Array.from({ length: count as number }, (_, i) => `${word} ${i + 1}`);
    }
  }
  if (b.problem !== undefined && (typeof b.problem !== 'string' || b.problem.length > 1000)) {
    errors.push({ path: '$.problem', message: 'Expected a problem text of at most 1000 characters' });
  }
  if (errors.length > 0) throw new HttpError(400, 'invalid_request', 'The workshop request is not valid', errors);
  return { title, groups, template: template as TemplateId, locale: locale as Locale, ...(typeof b.problem === 'string' ? { problem: b.problem } : {}) };
}


export class Workshops {
  /** Causes per room, remembered when a room unloads so overviews need not reload it. */
  private readonly causesCache = new Map<string, number>();

  constructor(
    private readonly store: Store,
    private readonly rooms: Rooms,
  ) {}

  async create(input: CreateWorkshopInput) {
    const id = randomId(16);
    const tokens = deriveTokens(newToken());
    const now = Date.now();
    const groups: GroupRecord[] = input.groups.map((name, position) => ({
      workshopId: id,
      id: randomId(8),
      name,
      position,
      locked: false,
      createdAt: now,
    }));
    // Documents first: a workshop that exists always has its groups' documents.
    for (const group of groups) await this.createDocument(roomName(id, group.id), input);
    const record: WorkshopRecord = {
      id,
      title: input.title,
      locale: input.locale,
      template: input.template,
      createdAt: now,
      tokenHashes: { facilitator: hashToken(tokens.facilitator), participant: hashToken(tokens.participant), viewer: hashToken(tokens.viewer) },
      settings: {},
    };
    await this.store.workshops.createWorkshop(record, groups);
    return { record, groups, tokens };
  }

  private async createDocument(name: string, options: { template: TemplateId; locale: Locale; problem?: string }): Promise<void> {
    const doc = new Y.Doc();
    createDiagram(doc, options, SERVER_ORIGIN);
    await this.store.rooms.append(name, Y.encodeStateAsUpdate(doc));
    this.causesCache.set(name, 0);
    doc.destroy();
  }

  /** Resolves the caller's role: 404 unknown workshop, 401 no token, 403 wrong token. */
  async authenticate(workshopId: string, token: string | null): Promise<{ workshop: WorkshopRecord; role: Role }> {
    const workshop = await this.store.workshops.getWorkshop(workshopId);
    if (!workshop) throw new HttpError(404, 'workshop_not_found', 'No such workshop');
    if (!token) throw new HttpError(401, 'token_required', 'This link needs its token (?token= or Authorization: Bearer)');
    if (token.length > MAX_TOKEN) throw new HttpError(403, 'token_invalid', 'This link is not valid for this workshop');
    const hash = hashToken(token);
    let role: Role | null = null;
    // Every role is compared, so timing does not tell which one was close.
    for (const r of ROLES) if (tokensEqual(hash, workshop.tokenHashes[r]) && role === null) role = r;
    if (!role) throw new HttpError(403, 'token_invalid', 'This link is not valid for this workshop');
    return { workshop, role };
  }

  async group(workshopId: string, groupId: string): Promise<GroupRecord> {
    const group = await this.store.workshops.getGroup(workshopId, groupId);
    if (!group) throw new HttpError(404, 'group_not_found', 'No such group in this workshop');
    return group;
  }

  /** The workshop's groups in overview order. */
  async listGroups(workshopId: string): Promise<GroupRecord[]> {
    return (await this.store.workshops.listGroups(workshopId)).sort((a, b) => a.position - b.position);
  }

  async summary(workshop: WorkshopRecord): Promise<GroupSummary[]> {
    const groups = await this.store.workshops.listGroups(workshop.id);
    const infos = new Map((await this.store.rooms.list(roomName(workshop.id, ''))).map((info) => [info.room, info]));
    const out: GroupSummary[] = [];
    for (const g of groups.sort((a, b) => a.position - b.position)) {
      const name = roomName(workshop.id, g.id);
      const room = this.rooms.get(name);
      out.push({
        id: g.id,
        name: g.name,
        locked: g.locked,
        connected: room?.connections.size ?? 0,
        people: room?.people() ?? 0,
        lastEditAt: room?.lastEditAt ?? infos.get(name)?.updatedAt ?? null,
        causes: room ? this.liveCauses(room) : await this.storedCauses(name),
      });
    }
    return out;
  }

  /** A loaded room's last count, and how many edits it had then. */
  private readonly liveCounts = new WeakMap<Room, { causes: number; edits: number; at: number }>();

  /**
   * Causes in a loaded room, counted again after an edit but at most once a second: everyone on
   * the join page and the overview asks every 5 s, and counting reads the whole diagram (~1 ms at
   * 500 causes, with the event loop, and so every room's relays, waiting).
   */
  private liveCauses(room: Room): number {
    const now = performance.now();
    const last = this.liveCounts.get(room);
    if (last && (last.edits === room.edits || now - last.at < LIVE_COUNT_MS)) return last.causes;
    const causes = countCauses(readTree(room.doc));
    this.liveCounts.set(room, { causes, edits: room.edits, at: now });
    return causes;
  }

  /** Remembers a room's cause count as it unloads. */
  rememberCauses(name: string, doc: Y.Doc): void {
    this.causesCache.set(name, countCauses(readTree(doc)));
  }

  private async storedCauses(name: string): Promise<number> {
    const cached = this.causesCache.get(name);
    if (cached !== undefined) return cached;
    const stored = await this.store.rooms.load(name);
    const doc = new Y.Doc();
    try {
      if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
      for (const u of stored.updates) Y.applyUpdate(doc, u);
      const causes = countCauses(readTree(doc));
      this.causesCache.set(name, causes);
      return causes;
    } finally {
      doc.destroy();
    }
  }

  async addGroup(workshop: WorkshopRecord, name: unknown): Promise<GroupRecord> {
    const groups = await this.store.workshops.listGroups(workshop.id);
    if (groups.length >= MAX_GROUPS) throw new HttpError(409, 'too_many_groups', `A workshop has at most ${MAX_GROUPS} groups`);
    const locale: Locale = isLocale(workshop.locale) ? workshop.locale : 'en';
    const groupName = name === undefined ? `${GROUP_WORD[locale]} ${groups.length + 1}` : checkName(name);
    const group: GroupRecord = {
      workshopId: workshop.id,
      id: randomId(8),
      name: groupName,
      position: groups.reduce((max, g) => Math.max(max, g.position + 1), 0),
      locked: false,
      createdAt: Date.now(),
    };
    const template = TEMPLATES.some((t) => t.id === workshop.template) ? (workshop.template as TemplateId) : 'blank';
    await this.createDocument(roomName(workshop.id, group.id), { template, locale });
    await this.store.workshops.addGroup(group);
    return group;
  }

  async updateGroup(workshop: WorkshopRecord, groupId: string, body: unknown): Promise<GroupRecord> {
    await this.group(workshop.id, groupId);
    const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    const patch: { name?: string; locked?: boolean } = {};
    if (b.name !== undefined) patch.name = checkName(b.name);
    if (b.locked !== undefined) {
      if (typeof b.locked !== 'boolean') throw new HttpError(400, 'invalid_request', 'locked must be true or false', [{ path: '$.locked', message: 'Expected a boolean' }]);
      patch.locked = b.locked;
    }
    if (Object.keys(patch).length === 0) throw new HttpError(400, 'invalid_request', 'Nothing to change: send name and/or locked');
    await this.store.workshops.updateGroup(workshop.id, groupId, patch);
    if (patch.locked !== undefined) this.rooms.setLocked(roomName(workshop.id, groupId), patch.locked);
    return this.group(workshop.id, groupId);
  }

  async deleteGroup(workshop: WorkshopRecord, groupId: string): Promise<void> {
    await this.group(workshop.id, groupId);
    await this.store.workshops.deleteGroup(workshop.id, groupId);
    const name = roomName(workshop.id, groupId);
    await this.rooms.drop(name, CLOSE.GROUP_DELETED, 'This group was deleted');
    await this.store.rooms.delete(name);
    this.causesCache.delete(name);
  }

  async rename(workshop: WorkshopRecord, body: unknown): Promise<void> {
    const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    const title = typeof b.title === 'string' ? b.title.trim() : '';
    if (title.length === 0 || title.length > MAX_TITLE) {
      throw new HttpError(400, 'invalid_request', 'Invalid title', [{ path: '$.title', message: `Expected a title of 1-${MAX_TITLE} characters` }]);
    }
    await this.store.workshops.updateWorkshop(workshop.id, { title });
  }
}

function checkName(name: unknown): string {
  const trimmed = typeof name === 'string' ? name.trim() : '';
  if (trimmed.length === 0 || trimmed.length > MAX_GROUP_NAME) {
    throw new HttpError(400, 'invalid_request', 'Invalid group name', [{ path: '$.name', message: `Expected a name of 1-${MAX_GROUP_NAME} characters` }]);
  }
  return trimmed;
}

/** Causes are every node below a category, at any depth. */
export function countCauses(tree: DiagramTree): number {
  let n = 0;
  const stack = tree.categories.flatMap((c) => c.children);
  while (stack.length > 0) {
    const node = stack.pop()!;
    n += 1;
    stack.push(...node.children);
  }
  return n;
}

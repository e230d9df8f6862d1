/**
 * The facilitator's controls over HTTP (SPEC S30) and the action plan as CSV (S31). Voting, the
 * timer and the banner are written only here, by the server, into each group's document; the
 * rooms refuse them from participants' connections (S32).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import {
  MAX_BANNER_LENGTH,
  MAX_TIMER_SECONDS,
  MAX_VOTES_PER_PARTICIPANT,
  SERVER_ORIGIN,
  VOTE_VISIBILITIES,
  VOTING_MAP,
  closeVoting,
  isLocale,
  localizedActionPlanCsv,
  readNotice,
  resetVoting,
  setBanner,
  startTimer,
  startVoting,
  stopTimer,
  votingStatus,
  type Notice,
  type VotingSettings,
  type VotingStatus,
} from '@causeway/shared';
import * as Y from 'yjs';
import type { ApiContext } from './api.ts';
import { readJson, requireRole, sendJson } from './api.ts';
import { HttpError, ID_PATTERN, checkId } from './errors.ts';
import { contentDisposition, slug } from './export/routes.ts';
import { roomName } from './rooms.ts';
import type { Room } from './room.ts';
import type { Role, WorkshopRecord } from './store/types.ts';

const groupId = z.string().regex(ID_PATTERN, { error: 'Expected a group id ([A-Za-z0-9_-]{1,64})' });

const votingSchema = z.strictObject({
  action: z.enum(['start', 'close', 'reset'], { error: 'Expected start, close or reset' }),
  votesPerParticipant: z
    .number({ error: 'Expected a number' })
    .int({ error: 'Expected a whole number' })
    .min(1, { error: `Expected 1-${MAX_VOTES_PER_PARTICIPANT}` })
    .max(MAX_VOTES_PER_PARTICIPANT, { error: `Expected 1-${MAX_VOTES_PER_PARTICIPANT}` })
    .optional(),
  allowMultiple: z.boolean({ error: 'Expected true or false' }).optional(),
  visibility: z.enum(VOTE_VISIBILITIES, { error: 'Expected hidden or live' }).optional(),
});

const timerSchema = z
  .strictObject({
    seconds: z
      .number({ error: 'Expected a number of seconds' })
      .int({ error: 'Expected whole seconds' })
      .min(1, { error: `Expected 1-${MAX_TIMER_SECONDS} seconds` })
      .max(MAX_TIMER_SECONDS, { error: `Expected 1-${MAX_TIMER_SECONDS} seconds` })
      .optional(),
    stop: z.literal(true, { error: 'Expected true' }).optional(),
  })
  .refine((t) => (t.seconds === undefined) !== (t.stop === undefined), { error: 'Expected { seconds } or { stop: true }' });

const bannerSchema = z
  .strictObject({
    text: z
      .string({ error: 'Expected a text' })
      .trim()
      .min(1, { error: 'Expected a text that is not blank (use { clear: true } to remove the banner)' })
      .max(MAX_BANNER_LENGTH, { error: `Expected at most ${MAX_BANNER_LENGTH} characters` })
      .optional(),
    clear: z.literal(true, { error: 'Expected true' }).optional(),
  })
  .refine((b) => (b.text === undefined) !== (b.clear === undefined), { error: 'Expected { text } or { clear: true }' });

const facilitateSchema = z
  .strictObject(
    {
      groups: z.array(groupId, { error: 'Expected a list of group ids' }).min(1, { error: 'Expected at least one group (leave groups out for every group)' }).max(100).optional(),
      voting: votingSchema.optional(),
      timer: timerSchema.optional(),
      banner: bannerSchema.optional(),
    },
    { error: 'Expected a JSON object' },
  )
  .refine((b) => b.voting !== undefined || b.timer !== undefined || b.banner !== undefined, { error: 'Expected at least one of voting, timer, banner' });

export type FacilitateRequest = z.infer<typeof facilitateSchema>;

/** Zod's issues as S14-style details: `{ path: '$.voting.action', message }`. */
function details(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => ({
    path: '$' + issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join(''),
    message: issue.message,
  }));
}

export function parseFacilitate(body: unknown): FacilitateRequest {
  const parsed = facilitateSchema.safeParse(body);
  if (!parsed.success) throw new HttpError(400, 'invalid_request', 'The facilitation request is not valid', details(parsed.error));
  return parsed.data;
}

/** Applies the request to one group's document, in one transaction (one stored update). */
function applyTo(doc: Y.Doc, request: FacilitateRequest, now: number): void {
  const { voting, timer, banner } = request;
  if (voting?.action === 'start' && votingStatus(doc).state !== 'open') {
    const settings: Partial<VotingSettings> = {};
    if (voting.votesPerParticipant !== undefined) settings.votesPerParticipant = voting.votesPerParticipant;
    if (voting.allowMultiple !== undefined) settings.allowMultiple = voting.allowMultiple;
    if (voting.visibility !== undefined) settings.visibility = voting.visibility;
    startVoting(doc, settings, SERVER_ORIGIN);
  } else if (voting?.action === 'close') {
    closeVoting(doc, SERVER_ORIGIN);
  } else if (voting?.action === 'reset') {
    resetVoting(doc, SERVER_ORIGIN);
  }
  if (timer?.seconds !== undefined) startTimer(doc, timer.seconds, now, SERVER_ORIGIN);
  else if (timer?.stop) stopTimer(doc, SERVER_ORIGIN);
  if (banner?.text !== undefined) setBanner(doc, banner.text, now, SERVER_ORIGIN);
  else if (banner?.clear) setBanner(doc, null, now, SERVER_ORIGIN);
}

export interface FacilitatedGroup {
  id: string;
  voting: VotingStatus;
  notice: Notice;
}

/** S30: checks every named group exists before touching any, then changes each and waits until all are stored. */
async function facilitate(ctx: ApiContext, workshop: WorkshopRecord, request: FacilitateRequest): Promise<{ now: number; groups: FacilitatedGroup[] }> {
  const ids = request.groups ? [...new Set(request.groups)] : (await ctx.workshops.listGroups(workshop.id)).map((g) => g.id);
  await requireGroups(ctx, workshop, ids);
  const rooms: Room[] = [];
  try {
    for (const id of ids) rooms.push(await ctx.rooms.acquire(roomName(workshop.id, id)));
    // Again, now that the rooms are held: a group deleted meanwhile must not get its document back.
    await requireGroups(ctx, workshop, ids);
    // One clock for every group, so timers started together end together.
    const now = Date.now();
    await Promise.all(rooms.map((room) => room.change((doc) => applyTo(doc, request, now), SERVER_ORIGIN)));
    return { now, groups: rooms.map((room, i) => ({ id: ids[i]!, voting: votingStatus(room.doc), notice: readNotice(room.doc) })) };
  } finally {
    for (const room of rooms) ctx.rooms.release(room);
  }
}

/** 404 `group_not_found` naming every id that is not a group of the workshop. */
async function requireGroups(ctx: ApiContext, workshop: WorkshopRecord, ids: readonly string[]): Promise<void> {
  const known = new Set((await ctx.workshops.listGroups(workshop.id)).map((g) => g.id));
  const missing = ids.filter((id) => !known.has(id));
  if (missing.length > 0) {
    throw new HttpError(404, 'group_not_found', `No such group in this workshop: ${missing.join(', ')}`, missing.map((id) => ({ path: '$.groups', message: `Unknown group ${id}` })));
  }
}

/**
 * Runs `fn` (inside the caller's transaction) and puts every key of the `voting` map back as it
 * was, so a participant's import cannot open, close or reset voting even by normalising it (S32).
 */
export function keepingVoting(doc: Y.Doc, fn: () => void): void {
  const voting = doc.getMap<unknown>(VOTING_MAP);
  const before = new Map(voting.entries());
  fn();
  for (const key of Array.from(voting.keys())) if (!before.has(key)) voting.delete(key);
  for (const [key, value] of before) {
    // A shared type (never valid here, M-F3) cannot be put back once removed.
    if (voting.get(key) !== value && !(value instanceof Y.AbstractType)) voting.set(key, value);
  }
}

/**
 * Answers `POST /api/workshops/:w/facilitate` and `GET /api/workshops/:w/groups/:g/actions.csv`
 * (after authentication); false for any other path. `parts` is the path split after "/api".
 */
export async function handleFacilitation(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, url: URL, parts: readonly string[], workshop: WorkshopRecord, role: Role): Promise<boolean> {
  const method = req.method ?? 'GET';
  if (parts.length === 3 && parts[2] === 'facilitate') {
    if (method !== 'POST') throw new HttpError(405, 'method_not_allowed', 'Use POST');
    requireRole(role, ['facilitator']);
    const request = parseFacilitate(await readJson(req, ctx.config.maxJsonBodyBytes));
    const result = await facilitate(ctx, workshop, request);
    ctx.log.info(
      { workshop: workshop.id, groups: result.groups.length, voting: request.voting?.action, timer: request.timer ? (request.timer.stop ? 'stop' : request.timer.seconds) : undefined, banner: request.banner ? (request.banner.clear ? 'clear' : 'set') : undefined },
      'facilitation',
    );
    sendJson(res, 200, result);
    return true;
  }

  if (parts.length !== 5 || parts[2] !== 'groups' || parts[4] !== 'actions.csv') return false;
  if (method !== 'GET' && method !== 'HEAD') throw new HttpError(405, 'method_not_allowed', 'Use GET');
  const group = await ctx.workshops.group(workshop.id, checkId(decodeURIComponent(parts[3] ?? ''), 'group id'));
  const lang = url.searchParams.get('lang');
  if (lang !== null && !isLocale(lang)) {
    throw new HttpError(400, 'invalid_request', 'lang must be one of en, pl, bg, lv, hu', [{ path: '?lang', message: 'Expected one of en, pl, bg, lv, hu' }]);
  }
  const room = await ctx.rooms.acquire(roomName(workshop.id, group.id));
  let text: string;
  try {
    text = localizedActionPlanCsv(room.doc, lang ?? workshop.locale);
  } finally {
    ctx.rooms.release(room);
  }
  const bytes = Buffer.from(text, 'utf8');
  res.writeHead(200, {
    'content-type': 'text/csv; charset=utf-8; header=present',
    'content-length': bytes.length,
    'cache-control': 'no-store',
    'content-disposition': contentDisposition('attachment', `${slug(group.name, group.id)}-actions.csv`),
  });
  res.end(method === 'HEAD' ? undefined : bytes);
  return true;
}

/**
 * The workshop HTTP API (SPEC S14-S17) as typed calls. Answers are validated before use (they come
 * over the network); a failure becomes an `ApiError` whose `kind` picks the user's message and whose
 * `message` carries the detail for the console.
 */
import { DEFAULT_VOTING_SETTINGS, MAX_BANNER_LENGTH, MAX_TIMER_SECONDS, MAX_VOTES_PER_PARTICIPANT, VOTE_VISIBILITIES, VOTING_STATES, isLocale } from '@causeway/shared';
import type { Locale, Notice, TemplateId, VoteVisibility, VotingState, VotingStatus } from '@causeway/shared';

export type Role = 'facilitator' | 'participant' | 'viewer';
export type LinkRole = 'facilitator' | 'participant' | 'viewer';
export type Links = Record<LinkRole, string>;

export interface GroupSummary {
  id: string;
  name: string;
  locked: boolean;
  /** People on the group's board now (not the overviews and projectors watching it). */
  people: number;
  lastEditAt: number | null;
  causes: number;
}

export interface WorkshopInfo {
  id: string;
  title: string;
  locale: Locale;
  template: string;
  role: Role;
  groups: GroupSummary[];
  /** Paths with the secret in the fragment; only the facilitator gets them. */
  links: Links | null;
  /** The server's clock when it answered (epoch ms); the timer's `endsAt` is in this clock. */
  now: number;
  /** Add to `Date.now()` to get the server's clock: now - (sent + received) / 2 of the request. */
  clockOffset: number;
}

export interface CreatedWorkshop {
  id: string;
  title: string;
  locale: Locale;
  groups: { id: string; name: string; locked: boolean }[];
  links: Links;
  tokens: Record<LinkRole, string>;
}

export interface CreateWorkshopBody {
  title: string;
  locale: Locale;
  template: TemplateId;
  groups: string[] | number;
  problem?: string;
}

/** wrongLink: 400/401/403/404 (the link is broken or the thing is gone); network: no answer; server: anything else. */
export type ApiErrorKind = 'wrongLink' | 'forbidden' | 'network' | 'server' | 'invalid';

export class ApiError extends Error {
  constructor(
    readonly kind: ApiErrorKind,
    message: string,
    readonly status = 0,
    readonly details: readonly { path: string; message: string }[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

async function call(path: string, init: RequestInit & { token?: string } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (init.token) headers.set('authorization', `Bearer ${init.token}`);
  if (init.body !== undefined) headers.set('content-type', 'application/json');
  let res: Response;
  try {
    res = await fetch(path, { ...init, headers, cache: 'no-store' });
  } catch (err) {
    throw new ApiError('network', `${init.method ?? 'GET'} ${path}: ${(err as Error).message}`);
  }
  if (res.ok) return res;
  let code = '';
  let message = res.statusText;
  let details: { path: string; message: string }[] = [];
  try {
    const body = (await res.json()) as { error?: { code?: unknown; message?: unknown; details?: unknown } };
    code = typeof body.error?.code === 'string' ? body.error.code : '';
    message = typeof body.error?.message === 'string' ? body.error.message : message;
    if (Array.isArray(body.error?.details)) details = body.error.details as typeof details;
  } catch {
    // Not JSON (a proxy's error page): the status says enough.
  }
  const detail = `${init.method ?? 'GET'} ${path}: ${res.status} ${code} ${message}`.trim();
  if (res.status === 400 && details.length > 0) throw new ApiError('invalid', detail, res.status, details);
  if (res.status === 403 && code === 'forbidden') throw new ApiError('forbidden', detail, res.status);
  if (res.status === 400 || res.status === 401 || res.status === 403 || res.status === 404) throw new ApiError('wrongLink', detail, res.status);
  throw new ApiError('server', detail, res.status);
}

const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback);
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 0);

export function readGroup(raw: unknown): GroupSummary | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const g = raw as Record<string, unknown>;
  if (typeof g.id !== 'string') return null;
  return {
    id: g.id,
    name: str(g.name, g.id),
    locked: g.locked === true,
    people: num(g.people),
    lastEditAt: typeof g.lastEditAt === 'number' && Number.isFinite(g.lastEditAt) ? g.lastEditAt : null,
    causes: num(g.causes),
  };
}

function readLinks(raw: unknown): Links | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const l = raw as Record<string, unknown>;
  if (typeof l.facilitator !== 'string' || typeof l.participant !== 'string' || typeof l.viewer !== 'string') return null;
  return { facilitator: l.facilitator, participant: l.participant, viewer: l.viewer };
}

/**
 * The server's clock from an answer's `now`, taken between `sentAt` and `receivedAt` (local ms):
 * `now` when valid, else the local midpoint (offset 0).
 */
function readClock(raw: unknown, sentAt: number, receivedAt: number): { now: number; clockOffset: number } {
  const midpoint = (sentAt + receivedAt) / 2;
  if (typeof raw !== 'number' || !Number.isFinite(raw) || raw <= 0) return { now: midpoint, clockOffset: 0 };
  return { now: raw, clockOffset: raw - midpoint };
}

/** Offset to add to `Date.now()` for the server's clock (the timer's `endsAt` is server time). */
export function serverClockOffset(now: number, sentAt: number, receivedAt: number): number {
  return readClock(now, sentAt, receivedAt).clockOffset;
}

export function readWorkshop(raw: unknown, sentAt: number = Date.now(), receivedAt: number = sentAt): WorkshopInfo {
  const w = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const role: Role = w.role === 'facilitator' || w.role === 'viewer' ? w.role : 'participant';
  const groups = Array.isArray(w.groups) ? w.groups.map(readGroup).filter((g): g is GroupSummary => g !== null) : [];
  return {
    id: str(w.id),
    title: str(w.title),
    locale: isLocale(w.locale) ? w.locale : 'en',
    template: str(w.template, 'blank'),
    role,
    groups,
    links: readLinks(w.links),
    ...readClock(w.now, sentAt, receivedAt),
  };
}

const base = (workshopId: string) => `/api/workshops/${encodeURIComponent(workshopId)}`;

export async function createWorkshop(body: CreateWorkshopBody): Promise<CreatedWorkshop> {
  const res = await call('/api/workshops', { method: 'POST', body: JSON.stringify(body) });
  const raw = (await res.json()) as Record<string, unknown>;
  const links = readLinks(raw.links);
  const tokens = readLinks(raw.tokens);
  if (!links || !tokens || typeof raw.id !== 'string') throw new ApiError('server', 'POST /api/workshops: answer without links');
  const groups = Array.isArray(raw.groups) ? raw.groups.map(readGroup).filter((g): g is GroupSummary => g !== null) : [];
  return { id: raw.id, title: str(raw.title), locale: isLocale(raw.locale) ? raw.locale : 'en', groups: groups.map(({ id, name, locked }) => ({ id, name, locked })), links, tokens };
}

export async function getWorkshop(workshopId: string, token: string): Promise<WorkshopInfo> {
  const sentAt = Date.now();
  const res = await call(base(workshopId), { token });
  const receivedAt = Date.now();
  return readWorkshop(await res.json(), sentAt, receivedAt);
}

export async function addGroup(workshopId: string, token: string, name?: string): Promise<GroupSummary> {
  const res = await call(`${base(workshopId)}/groups`, { method: 'POST', token, body: JSON.stringify(name ? { name } : {}) });
  const group = readGroup(await res.json());
  if (!group) throw new ApiError('server', 'POST groups: answer without a group');
  return group;
}

export async function updateGroup(workshopId: string, token: string, groupId: string, patch: { name?: string; locked?: boolean }): Promise<void> {
  await call(`${base(workshopId)}/groups/${encodeURIComponent(groupId)}`, { method: 'PATCH', token, body: JSON.stringify(patch) });
}

export async function deleteGroup(workshopId: string, token: string, groupId: string, options: { keepalive?: boolean } = {}): Promise<void> {
  await call(`${base(workshopId)}/groups/${encodeURIComponent(groupId)}`, { method: 'DELETE', token, keepalive: options.keepalive === true });
}

// ---------------------------------------------------------------------------------------------
// Facilitation (SPEC S30, S31): voting, timer and banner for some or all groups; the action plan as CSV.

export interface FacilitateVoting {
  action: 'start' | 'close' | 'reset';
  /** Only with 'start'; settings not given keep their stored value (M-F5). */
  votesPerParticipant?: number;
  allowMultiple?: boolean;
  visibility?: VoteVisibility;
}

export interface FacilitateBody {
  /** Group ids; every group of the workshop when absent. */
  groups?: string[];
  voting?: FacilitateVoting;
  timer?: { seconds: number } | { stop: true };
  banner?: { text: string } | { clear: true };
}

export interface FacilitatedGroup {
  id: string;
  voting: VotingStatus;
  notice: Notice;
}

export interface FacilitateResult {
  /** The server's clock when it answered (epoch ms). */
  now: number;
  /** Add to `Date.now()` to get the server's clock. */
  clockOffset: number;
  groups: FacilitatedGroup[];
}

const record = (raw: unknown): Record<string, unknown> => (typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {});
const epochMs = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : null);

export function readVotingStatus(raw: unknown): VotingStatus {
  const v = record(raw);
  const budget = v.votesPerParticipant;
  return {
    state: (VOTING_STATES as readonly unknown[]).includes(v.state) ? (v.state as VotingState) : 'idle',
    votesPerParticipant:
      typeof budget === 'number' && Number.isInteger(budget) && budget >= 1 && budget <= MAX_VOTES_PER_PARTICIPANT ? budget : DEFAULT_VOTING_SETTINGS.votesPerParticipant,
    allowMultiple: typeof v.allowMultiple === 'boolean' ? v.allowMultiple : DEFAULT_VOTING_SETTINGS.allowMultiple,
    visibility: (VOTE_VISIBILITIES as readonly unknown[]).includes(v.visibility) ? (v.visibility as VoteVisibility) : DEFAULT_VOTING_SETTINGS.visibility,
  };
}

export function readNoticeAnswer(raw: unknown): Notice {
  const n = record(raw);
  const banner = typeof n.banner === 'string' && n.banner.trim() !== '' && n.banner.length <= MAX_BANNER_LENGTH ? n.banner : null;
  const t = record(n.timer);
  const endsAt = epochMs(t.endsAt);
  const seconds = t.seconds;
  const timer =
    endsAt !== null && typeof seconds === 'number' && Number.isInteger(seconds) && seconds >= 1 && seconds <= MAX_TIMER_SECONDS ? { endsAt, seconds } : null;
  return { banner, bannerAt: banner === null ? null : epochMs(n.bannerAt), timer };
}

export function readFacilitateResult(raw: unknown, sentAt: number = Date.now(), receivedAt: number = sentAt): FacilitateResult {
  const r = record(raw);
  const groups = (Array.isArray(r.groups) ? r.groups : []).flatMap((g): FacilitatedGroup[] => {
    const group = record(g);
    return typeof group.id === 'string' ? [{ id: group.id, voting: readVotingStatus(group.voting), notice: readNoticeAnswer(group.notice) }] : [];
  });
  return { ...readClock(r.now, sentAt, receivedAt), groups };
}

/** Facilitator only: changes voting, timer and/or banner of the named groups (all when `groups` is absent). */
export async function facilitate(workshopId: string, token: string, body: FacilitateBody): Promise<FacilitateResult> {
  const sentAt = Date.now();
  const res = await call(`${base(workshopId)}/facilitate`, { method: 'POST', token, body: JSON.stringify(body) });
  const receivedAt = Date.now();
  return readFacilitateResult(await res.json(), sentAt, receivedAt);
}

/** Path of a group's action plan as CSV (M-F13); `lang` picks the header language (else the workshop's). */
export function actionsCsvPath(workshopId: string, groupId: string, lang?: Locale): string {
  const query = lang ? `?lang=${encodeURIComponent(lang)}` : '';
  return `${base(workshopId)}/groups/${encodeURIComponent(groupId)}/actions.csv${query}`;
}

/** Any role: the group's action plan as a CSV file (UTF-8 with BOM), to save through an object URL. */
export async function downloadActionsCsv(workshopId: string, token: string, groupId: string, lang?: Locale): Promise<Blob> {
  const res = await call(actionsCsvPath(workshopId, groupId, lang), { token });
  return res.blob();
}

/** An absolute URL for a link path, on the address this page was opened from. */
export function absoluteUrl(path: string, origin: string = location.origin): string {
  return new URL(path, origin).href;
}

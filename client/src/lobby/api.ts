/**
 * The workshop HTTP API (SPEC S14-S17) as typed calls. Answers are validated before use (they come
 * over the network); a failure becomes an `ApiError` whose `kind` picks the user's message and whose
 * `message` carries the detail for the console.
 */
import { isLocale } from '@causeway/shared';
import type { Locale, TemplateId } from '@causeway/shared';

export type Role = 'facilitator' | 'participant' | 'viewer';
export type LinkRole = 'facilitator' | 'participant' | 'viewer';
export type Links = Record<LinkRole, string>;

export interface GroupSummary {
  id: string;
  name: string;
  locked: boolean;
  /** Open connections now (people, viewers and overviews alike). */
  connected: number;
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
    connected: num(g.connected),
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

export function readWorkshop(raw: unknown): WorkshopInfo {
  const w = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const role: Role = w.role === 'facilitator' || w.role === 'viewer' ? w.role : 'participant';
  const groups = Array.isArray(w.groups) ? w.groups.map(readGroup).filter((g): g is GroupSummary => g !== null) : [];
  return { id: str(w.id), title: str(w.title), locale: isLocale(w.locale) ? w.locale : 'en', template: str(w.template, 'blank'), role, groups, links: readLinks(w.links) };
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
  const res = await call(base(workshopId), { token });
  return readWorkshop(await res.json());
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

/** An absolute URL for a link path, on the address this page was opened from. */
export function absoluteUrl(path: string, origin: string = location.origin): string {
  return new URL(path, origin).href;
}

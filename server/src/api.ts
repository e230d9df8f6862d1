/**
 * The HTTP API under /api (SPEC S14-S23). Every answer is JSON except diagram files; every
 * error is `{ error: { code, message, details? } }` with a fitting status.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { parseJson, parseMarkdown, parseMermaid, readTree, replaceDiagram, toJson, toMarkdown, toMermaid, IMPORT_ORIGIN, type DiagramTree, type ParseResult } from '@causeway/shared';
import type { ServerConfig } from './config.ts';
import type { Metrics } from './metrics.ts';
import type { Role, WorkshopRecord } from './store/types.ts';
import { HttpError, checkId } from './errors.ts';
import { roomName, type Rooms } from './rooms.ts';
import { deriveTokens, linkPaths, parseCreateWorkshop, type Workshops } from './workshops.ts';
import { handleExport } from './export/routes.ts';
import { handleFacilitation, keepingVoting } from './facilitation.ts';

export interface ApiContext {
  config: ServerConfig;
  rooms: Rooms;
  workshops: Workshops;
  metrics: Metrics;
  log: Logger;
}

interface DiagramFormat {
  contentType: string;
  write(tree: DiagramTree): string;
  parse(text: string): ParseResult;
}

const FORMATS: Record<string, DiagramFormat> = {
  json: { contentType: 'application/json; charset=utf-8', write: (tree) => toJson(tree), parse: parseJson },
  md: { contentType: 'text/markdown; charset=utf-8', write: toMarkdown, parse: parseMarkdown },
  mmd: { contentType: 'text/plain; charset=utf-8', write: toMermaid, parse: parseMermaid },
};

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  res.end(text);
}

export function sendError(res: ServerResponse, err: HttpError): void {
  sendJson(res, err.status, { error: { code: err.code, message: err.message, ...(err.details === undefined ? {} : { details: err.details }) } });
}

/** Reads the request body, refusing (413) past `limit` bytes without buffering the rest. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      reject(new HttpError(413, 'body_too_large', `Request body is over ${limit} bytes`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new HttpError(413, 'body_too_large', `Request body is over ${limit} bytes`));
        req.removeAllListeners('data');
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  const body = await readBody(req, limit);
  if (body.length === 0) return {};
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch (err) {
    throw new HttpError(400, 'invalid_json', `Request body is not valid JSON: ${(err as Error).message}`);
  }
}

/** The token from `Authorization: Bearer ...` or `?token=`. */
export function tokenOf(req: IncomingMessage, url: URL): string | null {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim() || null;
  return url.searchParams.get('token');
}

export function requireRole(role: Role, allowed: Role[]): void {
  if (!allowed.includes(role)) {
    throw new HttpError(403, 'forbidden', role === 'viewer' ? 'This link is read-only' : 'Only the facilitator can do this');
  }
}

function workshopView(workshop: WorkshopRecord) {
  return { id: workshop.id, title: workshop.title, locale: workshop.locale, template: workshop.template, createdAt: workshop.createdAt };
}

/** The origin the caller used, for absolute links (a TLS proxy says so in X-Forwarded-Proto). */
function origin(req: IncomingMessage): string {
  const host = req.headers.host ?? 'localhost';
  const proto = req.headers['x-forwarded-proto'] === 'https' ? 'https' : 'http';
  return `${proto}://${host}`;
}

/** Handles a request under /api; returns false when no route matches the path. */
export async function handleApi(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
  const parts = url.pathname.split('/').slice(2); // after "/api"
  const method = req.method ?? 'GET';
  if (parts[0] !== 'workshops') return false;

  if (parts.length === 1) {
    if (method !== 'POST') throw new HttpError(405, 'method_not_allowed', 'Use POST to create a workshop');
    const input = parseCreateWorkshop(await readJson(req, ctx.config.maxJsonBodyBytes));
    const { record, groups, tokens } = await ctx.workshops.create(input);
    const links = linkPaths(record.id, tokens);
    const base = origin(req);
    ctx.log.info({ workshop: record.id, groups: groups.length }, 'workshop created');
    sendJson(res, 201, {
      ...workshopView(record),
      groups: groups.map((g) => ({ id: g.id, name: g.name, locked: g.locked })),
      links,
      urls: Object.fromEntries(Object.entries(links).map(([role, path]) => [role, base + path])),
      tokens,
    });
    return true;
  }

  const workshopId = checkId(decodeURIComponent(parts[1] ?? ''), 'workshop id');
  const { workshop, role } = await ctx.workshops.authenticate(workshopId, tokenOf(req, url));
  if (await handleExport(ctx, req, res, parts, workshop, role)) return true; // PNG, SVG, workshop ZIP (S-EX)
  if (await handleFacilitation(ctx, req, res, url, parts, workshop, role)) return true; // facilitate, actions.csv (S30, S31)

  if (parts.length === 2) {
    if (method === 'PATCH') {
      requireRole(role, ['facilitator']);
      await ctx.workshops.rename(workshop, await readJson(req, ctx.config.maxJsonBodyBytes));
    } else if (method !== 'GET') {
      throw new HttpError(405, 'method_not_allowed', 'Use GET or PATCH');
    }
    const current = (await ctx.workshops.authenticate(workshopId, tokenOf(req, url))).workshop;
    const groups = await ctx.workshops.summary(current);
    // The server's clock, so boards show the facilitator's timer right on any client clock (S16).
    const body: Record<string, unknown> = { ...workshopView(current), role, groups, now: Date.now() };
    if (role === 'facilitator') {
      // The facilitator's own token proves the right to see the others (derived from it).
      body.links = linkPaths(workshopId, deriveTokens(tokenOf(req, url) ?? ''));
    }
    sendJson(res, 200, body);
    return true;
  }

  if (parts[2] !== 'groups') return false;

  if (parts.length === 3) {
    if (method === 'GET') {
      sendJson(res, 200, { groups: await ctx.workshops.summary(workshop) });
      return true;
    }
    if (method !== 'POST') throw new HttpError(405, 'method_not_allowed', 'Use POST to add a group');
    requireRole(role, ['facilitator']);
    const body = (await readJson(req, ctx.config.maxJsonBodyBytes)) as Record<string, unknown>;
    const group = await ctx.workshops.addGroup(workshop, body?.name);
    sendJson(res, 201, { id: group.id, name: group.name, locked: group.locked });
    return true;
  }

  const groupId = checkId(decodeURIComponent(parts[3] ?? ''), 'group id');

  if (parts.length === 4) {
    if (method === 'PATCH') {
      requireRole(role, ['facilitator']);
      const group = await ctx.workshops.updateGroup(workshop, groupId, await readJson(req, ctx.config.maxJsonBodyBytes));
      sendJson(res, 200, { id: group.id, name: group.name, locked: group.locked });
      return true;
    }
    if (method === 'DELETE') {
      requireRole(role, ['facilitator']);
      await ctx.workshops.deleteGroup(workshop, groupId);
      res.writeHead(204).end();
      return true;
    }
    throw new HttpError(405, 'method_not_allowed', 'Use PATCH or DELETE');
  }

  const file = /^diagram\.(json|md|mmd)$/.exec(parts[4] ?? '');
  if (parts.length !== 5 || !file) return false;
  const format = FORMATS[file[1]!]!;
  const group = await ctx.workshops.group(workshop.id, groupId);
  const name = roomName(workshop.id, groupId);

  if (method === 'GET') {
    const room = await ctx.rooms.acquire(name);
    try {
      await room.flush();
      const text = format.write(readTree(room.doc));
      res.writeHead(200, {
        'content-type': format.contentType,
        'content-length': Buffer.byteLength(text),
        'cache-control': 'no-store',
        'content-disposition': `inline; filename="diagram.${file[1]}"`,
      });
      res.end(text);
    } finally {
      ctx.rooms.release(room);
    }
    return true;
  }

  if (method !== 'PUT') throw new HttpError(405, 'method_not_allowed', 'Use GET or PUT');
  requireRole(role, ['facilitator', 'participant']);
  if (group.locked && role === 'participant') throw new HttpError(403, 'group_locked', 'The group is locked');
  const body = await readBody(req, ctx.config.maxDiagramBodyBytes);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw new HttpError(400, 'invalid_file', 'The file is not UTF-8 text', [{ path: '$', code: 'invalid_encoding', message: 'The file is not UTF-8 text' }]);
  }
  const parsed = format.parse(text);
  if (!parsed.ok) throw new HttpError(400, 'invalid_file', `The file has ${parsed.errors.length} error(s); the diagram is unchanged`, parsed.errors);
  const room = await ctx.rooms.acquire(name);
  try {
    if (!room.hasRoomFor(body.length)) throw new HttpError(413, 'document_too_large', 'The diagram would pass the size limit; it is unchanged');
    if (role === 'participant') {
      // Only the facilitator runs voting (S32): a participant's file brings its diagram, marks,
      // links, actions and votes, never a voting session.
      const tree: DiagramTree = { ...parsed.tree };
      delete tree.voting;
      await room.change((doc) => keepingVoting(doc, () => replaceDiagram(doc, tree, IMPORT_ORIGIN)), IMPORT_ORIGIN);
    } else {
      await room.change((doc) => replaceDiagram(doc, parsed.tree, IMPORT_ORIGIN), IMPORT_ORIGIN);
    }
    ctx.log.info({ room: name }, 'diagram replaced from file');
    const out = format.write(readTree(room.doc));
    res.writeHead(200, { 'content-type': format.contentType, 'content-length': Buffer.byteLength(out), 'cache-control': 'no-store' });
    res.end(out);
  } finally {
    ctx.rooms.release(room);
  }
  return true;
}

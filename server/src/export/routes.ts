/**
 * Server-side exports over HTTP (SPEC S-EX): a group's diagram as PNG or SVG (any role), and the
 * facilitator's workshop ZIP with every group's PNG, SVG, JSON and Markdown plus an index.html.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { localizedActionPlanCsv, readTree, toJson, toMarkdown, type DiagramTree } from '@causeway/shared';
import type { ApiContext } from '../api.ts';
import { HttpError, checkId } from '../errors.ts';
import { roomName } from '../rooms.ts';
import type { Role, WorkshopRecord } from '../store/types.ts';
import { createZip, type ZipEntry } from './zip.ts';
import type { IndexGroup } from './index-page.ts';

/**
 * The renderers (Konva, Skia, fonts) load on the first export, not at server start, so a server
 * nobody exports from never pays their start-up time and memory.
 */
async function renderers() {
  const [page, png, svg, index] = await Promise.all([import('./page.ts'), import('./render-png.ts'), import('./render-svg.ts'), import('./index-page.ts')]);
  return { buildPage: page.buildPage, pagePng: png.pagePng, pageSvg: svg.pageSvg, workshopIndex: index.workshopIndex };
}

/** Groups of one ZIP rendered at once (render-png also limits PNGs per process). */
const GROUPS_AT_ONCE = 2;

async function readGroupTree(ctx: ApiContext, workshopId: string, groupId: string): Promise<DiagramTree> {
  const room = await ctx.rooms.acquire(roomName(workshopId, groupId));
  try {
    return readTree(room.doc);
  } finally {
    ctx.rooms.release(room);
  }
}

/** A group's diagram and its action plan as CSV (M-F13, in the workshop's language), read at one moment. */
async function readGroupData(ctx: ApiContext, workshop: WorkshopRecord, groupId: string): Promise<{ tree: DiagramTree; csv: string }> {
  const room = await ctx.rooms.acquire(roomName(workshop.id, groupId));
  try {
    return { tree: readTree(room.doc), csv: localizedActionPlanCsv(room.doc, workshop.locale) };
  } finally {
    ctx.rooms.release(room);
  }
}

/** A file name part from a name: letters and digits of any script kept, the rest dashed. */
export function slug(name: string, fallback: string): string {
  const base = name
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return base || fallback;
}

/** Latin letters without a decomposition to an ASCII base letter. */
const LATIN_ASCII: Record<string, string> = { Ł: 'L', ł: 'l', Đ: 'D', đ: 'd', ß: 'ss', Ø: 'O', ø: 'o', Æ: 'AE', æ: 'ae', Œ: 'OE', œ: 'oe' };

export function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  // For old clients without filename*: accents dropped, other non-ASCII letters left out.
  const dot = name.lastIndexOf('.');
  const stem = name
    .slice(0, dot)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[ŁłĐđßØøÆæŒœ]/g, (c) => LATIN_ASCII[c] ?? '')
    .replace(/[^A-Za-z0-9_.-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '');
  const ascii = `${stem || 'causeway'}${name.slice(dot)}`;
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

function send(res: ServerResponse, head: boolean, type: string, body: Buffer | string, disposition: string): void {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  res.writeHead(200, { 'content-type': type, 'content-length': bytes.length, 'cache-control': 'no-store', 'content-disposition': disposition });
  res.end(head ? undefined : bytes);
}

/** Every file of one group in the workshop ZIP, named `<base>.<ext>`. */
export interface GroupFiles {
  /** Page size in CSS px (the PNG is twice as large). */
  width: number;
  height: number;
  png: Buffer;
  svg: string;
  json: string;
  md: string;
}

export async function groupFiles(tree: DiagramTree, locale: string): Promise<GroupFiles> {
  const { buildPage, pagePng, pageSvg } = await renderers();
  const page = buildPage(tree, locale);
  const svg = pageSvg(page);
  return { width: page.width, height: page.height, png: await pagePng(page), svg, json: toJson(tree), md: toMarkdown(tree) };
}

export async function workshopZip(ctx: ApiContext, workshop: WorkshopRecord, now = new Date()): Promise<Buffer> {
  const groups = await ctx.workshops.summary(workshop);
  const listed: IndexGroup[] = [];
  const entries: ZipEntry[] = [];
  for (let i = 0; i < groups.length; i += GROUPS_AT_ONCE) {
    const batch = groups.slice(i, i + GROUPS_AT_ONCE);
    const done = await Promise.all(
      batch.map(async (group, j) => {
        const { tree, csv } = await readGroupData(ctx, workshop, group.id);
        return { group, tree, csv, base: `${String(i + j + 1).padStart(2, '0')}-${slug(group.name, group.id)}`, files: await groupFiles(tree, workshop.locale) };
      }),
    );
    for (const { group, tree, csv, base, files } of done) {
      entries.push(
        { name: `${base}.png`, data: files.png, compress: false },
        { name: `${base}.svg`, data: files.svg },
        { name: `${base}.json`, data: files.json },
        { name: `${base}.md`, data: files.md },
        { name: `${base}.actions.csv`, data: csv },
      );
      listed.push({ id: group.id, name: group.name, problem: tree.problem, causes: group.causes, base, width: files.width, height: files.height });
    }
  }
  const { workshopIndex } = await renderers();
  entries.unshift({ name: 'index.html', data: workshopIndex(workshop, listed, now) });
  return createZip(entries, now);
}

/**
 * Answers the export paths under /api/workshops/:w (after authentication); false for any other
 * path. `parts` is the path split after "/api" ('workshops', w, ...).
 */
export async function handleExport(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, parts: readonly string[], workshop: WorkshopRecord, role: Role): Promise<boolean> {
  const method = req.method ?? 'GET';
  const isZip = parts.length === 3 && parts[2] === 'export.zip';
  const image = parts.length === 5 && parts[2] === 'groups' ? /^diagram\.(png|svg)$/.exec(parts[4] ?? '') : null;
  if (!isZip && !image) return false;
  if (method !== 'GET' && method !== 'HEAD') throw new HttpError(405, 'method_not_allowed', 'Use GET');
  const head = method === 'HEAD';

  if (isZip) {
    if (role !== 'facilitator') throw new HttpError(403, 'forbidden', role === 'viewer' ? 'This link is read-only' : 'Only the facilitator can do this');
    const zip = await workshopZip(ctx, workshop);
    ctx.log.info({ workshop: workshop.id, bytes: zip.length }, 'workshop exported');
    send(res, head, 'application/zip', zip, contentDisposition('attachment', `${slug(workshop.title, 'causeway')}.zip`));
    return true;
  }

  const groupId = checkId(decodeURIComponent(parts[3] ?? ''), 'group id');
  await ctx.workshops.group(workshop.id, groupId);
  const tree = await readGroupTree(ctx, workshop.id, groupId);
  const { buildPage, pagePng, pageSvg } = await renderers();
  const page = buildPage(tree, workshop.locale);
  if (image![1] === 'png') send(res, head, 'image/png', await pagePng(page), contentDisposition('inline', 'diagram.png'));
  else send(res, head, 'image/svg+xml; charset=utf-8', pageSvg(page), contentDisposition('inline', 'diagram.svg'));
  return true;
}

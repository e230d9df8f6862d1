/**
 * Facilitation in the server's PNG and SVG (SPEC L-F6, S-EX2, S-EX3): priority badges, vote dots
 * (a closed session) and link arrows are drawn where the render model puts them, in both formats.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCanvas, loadImage, type SKRSContext2D } from '@napi-rs/canvas';
import type { Browser, Page as BrowserPage } from 'playwright-core';
import { parseJson, PRIORITY_MARKS, pngPixelRatio, toJson } from '@causeway/shared';
import type { DiagramTree, DrawLink, NodeId, RenderModel, TreeNode } from '@causeway/shared';
import { buildPage, type Page } from '../../server/src/export/page.ts';
import { pagePng } from '../../server/src/export/render-png.ts';
import { pageSvg } from '../../server/src/export/render-svg.ts';
import { launchBrowser } from '../browser/harness.ts';
import { fixtures } from '../formats/fixtures.ts';
import { createWorkshop, serverTestKit } from './helpers.ts';

/** The Polish fixture with ids, a mark on every third node, votes of two people on every other one, three links, voting closed. */
function votedTree(): DiagramTree {
  const [, text] = fixtures().find(([name]) => name.startsWith('pl-'))!;
  const parsed = parseJson(text);
  if (!parsed.ok) throw new Error('fixture');
  let n = 0;
  const ids: NodeId[] = [];
  const visit = (node: TreeNode): TreeNode => {
    const i = n++;
    const id = `n${i}` as NodeId;
    ids.push(id);
    return {
      ...node,
      id,
      children: node.children.map(visit),
      ...(i % 3 === 1 ? { priority: PRIORITY_MARKS[i % 4] } : {}),
      ...(i % 2 === 0 ? { votes: { alice: 1 + (i % 3), bob: i % 4 === 0 ? 4 : 1 } } : {}),
    };
  };
  const categories = parsed.tree.categories.map(visit);
  return {
    problem: parsed.tree.problem,
    categories,
    links: [
      { from: ids[2]!, to: ids[5]! },
      { from: ids[1]!, to: ids[ids.length - 1]! },
      { from: ids[ids.length - 2]!, to: ids[3]! },
    ],
    voting: { state: 'closed', votesPerParticipant: 10, allowMultiple: true, visibility: 'hidden' },
  };
}

const hex = (colour: string): [number, number, number] => [1, 3, 5].map((i) => parseInt(colour.slice(i, i + 2), 16)) as [number, number, number];

/** A point on a link's curve (cubic Bézier at t). */
function onCurve(link: DrawLink, t: number): { x: number; y: number } {
  const p = link.points;
  const u = 1 - t;
  const f = (a: number, b: number, c: number, d: number) => u * u * u * a + 3 * u * u * t * b + 3 * u * t * t * c + t * t * t * d;
  return { x: f(p[0], p[2], p[4], p[6]), y: f(p[1], p[3], p[5], p[7]) };
}

/** Where every facilitation shape must show its colour: [what, x, y (page px), expected colour]. */
function probes(page: Page): [string, number, number, string][] {
  const { model, offset } = page;
  const out: [string, number, number, string][] = [];
  for (const badge of model.badges) out.push([`badge ${badge.id}`, offset.x + badge.x + 3.5, offset.y + badge.y + badge.height / 2, badge.fill]);
  for (const votes of model.dots) {
    for (const dot of votes.dots) out.push([`dot ${votes.id}`, offset.x + dot.x, offset.y + dot.y, dot.fill]);
    if (votes.pill) out.push([`pill ${votes.id}`, offset.x + votes.pill.x + votes.pill.width - 2.5, offset.y + votes.pill.y + votes.pill.height / 2, votes.pill.fill]);
  }
  // Arrows pass behind labels (their backing hides them there) and under badges and dots.
  const covers = [...model.labels, ...model.badges, ...model.dots];
  const hidden = (p: { x: number; y: number }) => covers.some((r) => p.x > r.x - 3 && p.x < r.x + r.width + 3 && p.y > r.y - 3 && p.y < r.y + r.height + 3);
  for (const link of model.links) {
    const visible = [0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8].map((t) => ({ t, p: onCurve(link, t) })).filter(({ p }) => !hidden(p));
    expect(visible.length, link.key).toBeGreaterThanOrEqual(2);
    for (const { t, p } of visible) out.push([`link ${link.key} at ${t}`, offset.x + p.x, offset.y + p.y, link.stroke]);
    const h = link.head;
    out.push([`arrowhead ${link.key}`, offset.x + (h[0] + h[2] + h[4]) / 3, offset.y + (h[1] + h[3] + h[5]) / 3, link.stroke]);
  }
  return out;
}

/** The colour nearest to `expected` within a pixel of the point (antialiasing), as a distance. */
function closest(ctx: SKRSContext2D, x: number, y: number, expected: string): number {
  const data = ctx.getImageData(Math.round(x) - 1, Math.round(y) - 1, 3, 3).data;
  const [r, g, b] = hex(expected);
  let best = Infinity;
  for (let i = 0; i < data.length; i += 4) best = Math.min(best, Math.abs(data[i]! - r) + Math.abs(data[i + 1]! - g) + Math.abs(data[i + 2]! - b));
  return best;
}

const tree = votedTree();
const page = buildPage(tree, 'pl');
let browser: Browser;
let tab: BrowserPage;

beforeAll(async () => {
  browser = await launchBrowser();
  tab = await browser.newPage();
});

afterAll(async () => {
  await browser?.close();
});

function counts(model: RenderModel) {
  return { badges: model.badges.length, dots: model.dots.length, links: model.links.length };
}

describe('L-F6: facilitation in server exports', () => {
  it('L-F6: the model of a closed session has badges, dots with the summed votes, and every link', () => {
    expect(counts(page.model)).toEqual({ badges: 7, dots: 11, links: 3 });
    const first = page.model.dots.find((d) => d.id === 'n0')!;
    expect(first.total).toBe(1 + 4);
  });

  it('L-F6: the PNG shows each badge, dot, arrow and arrowhead in its colour where the render model puts it', async () => {
    const png = await pagePng(page);
    const image = await loadImage(png);
    const ratio = pngPixelRatio(page.width, page.height);
    expect([image.width, image.height]).toEqual([Math.round(page.width * ratio), Math.round(page.height * ratio)]);
    const canvas = createCanvas(image.width, image.height);
    const ctx = canvas.getContext('2d');
    ctx.drawImage(image, 0, 0);
    for (const [what, x, y, colour] of probes(page)) expect(closest(ctx, x * ratio, y * ratio, colour), what).toBeLessThan(60);
  });

  it('L-F6: the PNG of the same diagram without its facilitation is white at those places (the probes can fail)', async () => {
    const bare = { ...page, model: { ...page.model, badges: [], dots: [], links: [] } };
    const image = await loadImage(await pagePng(bare));
    const ratio = pngPixelRatio(page.width, page.height);
    const ctx = createCanvas(image.width, image.height).getContext('2d');
    ctx.drawImage(image, 0, 0);
    const white = probes(page).filter(([, x, y]) => closest(ctx, x * ratio, y * ratio, '#ffffff') < 30);
    expect(white.length).toBeGreaterThan(probes(page).length * 0.8);
  });

  it('L-F6: the SVG parses, holds every shape, and Chromium draws them where the PNG has them', async () => {
    const svg = pageSvg(page);
    expect(svg.match(/<path d="M/g)).toHaveLength(3);
    expect(svg.match(/<polygon /g)).toHaveLength(3);
    expect(svg.match(/<circle /g)).toHaveLength(page.model.dots.reduce((n, d) => n + d.dots.length, 0));
    expect(svg).toContain('text-decoration="line-through"');
    const parsed = await tab.evaluate((source) => {
      const doc = new DOMParser().parseFromString(source, 'image/svg+xml');
      return doc.querySelector('parsererror')?.textContent ?? null;
    }, svg);
    expect(parsed).toBeNull();
    await tab.setViewportSize({ width: page.width, height: page.height });
    await tab.setContent(`<!doctype html><html><body style="margin:0">${svg.replace(/^<\?xml[^>]*>/, '')}</body></html>`);
    const shot = await loadImage(await tab.screenshot({ type: 'png' }));
    const ctx = createCanvas(shot.width, shot.height).getContext('2d');
    ctx.drawImage(shot, 0, 0);
    for (const [what, x, y, colour] of probes(page)) expect(closest(ctx, x, y, colour), what).toBeLessThan(60);
  });
});

describe('L-F6: facilitation through the export routes', () => {
  const kit = serverTestKit();

  it('S-EX2/S-EX3: diagram.svg and diagram.png of a group with marks, closed votes and links draw them', async () => {
    const server = await kit.setup();
    const w = await createWorkshop(server, { count: 1 });
    const g = w.groups[0]!.id;
    const url = `${server.url}/api/workshops/${w.id}/groups/${g}/diagram`;
    const auth = { authorization: `Bearer ${w.tokens.facilitator}` };
    const put = await fetch(`${url}.json`, { method: 'PUT', headers: { ...auth, 'content-type': 'application/json' }, body: toJson(tree) });
    expect(put.status).toBe(200);
    // The stored document counts votes within each person's budget (M-F6), so the expected page is
    // built from what the server holds, not from the file.
    const stored = parseJson(await (await fetch(`${url}.json`, { headers: auth })).text());
    if (!stored.ok) throw new Error('stored diagram');
    const served = buildPage(stored.tree, 'pl');
    expect(served.model.badges.length).toBe(page.model.badges.length);
    expect(served.model.links.length).toBe(page.model.links.length);
    expect(served.model.dots.length).toBeGreaterThan(0);
    const svg = await (await fetch(`${url}.svg`, { headers: auth })).text();
    expect(svg.match(/<polygon /g)).toHaveLength(page.model.links.length);
    expect(svg.match(/<circle /g)).toHaveLength(served.model.dots.reduce((n, d) => n + d.dots.length, 0));
    const png = await fetch(`${url}.png`, { headers: auth });
    expect(png.status).toBe(200);
    const image = await loadImage(Buffer.from(await png.arrayBuffer()));
    const ratio = pngPixelRatio(served.width, served.height);
    expect([image.width, image.height]).toEqual([Math.round(served.width * ratio), Math.round(served.height * ratio)]);
    const ctx = createCanvas(image.width, image.height).getContext('2d');
    ctx.drawImage(image, 0, 0);
    for (const [what, x, y, colour] of probes(served)) expect(closest(ctx, x * ratio, y * ratio, colour), what).toBeLessThan(60);
  });
});

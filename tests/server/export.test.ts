/**
 * Server-side exports (SPEC S-EX): PNG and SVG of every fixture through the real server, the
 * facilitator's workshop ZIP, and who may fetch what.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadImage, createCanvas } from '@napi-rs/canvas';
import type { Browser, Page } from 'playwright-core';
import { buildRenderModel, contentBounds, layoutFishbone, parseJson, THEME, withPlaceholders, wrapText } from '@causeway/shared';
import type { DiagramTree, TextStyle, TreeNode } from '@causeway/shared';
import type { RunningServer } from '../../server/src/index.ts';
import { cssFont, FONT_FAMILY, measureText } from '../../server/src/export/fonts.ts';
import { placeholdersFor } from '../../server/src/export/page.ts';
import { pngPixelRatio as pixelRatioFor } from '@causeway/shared';
import { clearPngCache, pagePng, pngActivity, pngCacheSize, stopPngThread } from '../../server/src/export/render-png.ts';
import { buildPage } from '../../server/src/export/page.ts';
import { readZip } from '../../server/src/export/zip.ts';
import { escapeXml } from '../../server/src/export/render-svg.ts';
import { fixtures } from '../formats/fixtures.ts';
import { launchBrowser } from '../browser/harness.ts';
import { createWorkshop, start, tempDir, type CreatedWorkshop } from './helpers.ts';

let server: RunningServer;
let dir: ReturnType<typeof tempDir>;
let browser: Browser;
let svgPage: Page;
/** One workshop with one group per fixture, in fixture order. */
let workshop: CreatedWorkshop;
const imported: { name: string; groupId: string; tree: DiagramTree; locale: string }[] = [];

function api(path: string, token: string | null, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (token !== null) headers.set('authorization', `Bearer ${token}`);
  return fetch(`${server.url}/api/workshops/${path}`, { ...init, headers });
}

async function importInto(w: CreatedWorkshop, groupId: string, text: string): Promise<DiagramTree> {
  const res = await api(`${w.id}/groups/${groupId}/diagram.json`, w.tokens.facilitator, { method: 'PUT', body: text });
  expect(res.status).toBe(200);
  const parsed = parseJson(await res.text());
  if (!parsed.ok) throw new Error('the server answered an invalid diagram');
  return parsed.tree;
}

beforeAll(async () => {
  dir = tempDir();
  server = await start({ dataDir: dir.path });
  const files = fixtures();
  // The workshop language only picks the placeholders for empty labels, and the fixtures have none.
  workshop = await createWorkshop(server, { title: 'Exports: Łódź – София', groups: files.map(([name]) => name.replace(/\.json$/, '')), template: 'blank', locale: 'pl' });
  for (const [i, [name, text]] of files.entries()) {
    const groupId = workshop.groups[i]!.id;
    imported.push({ name, groupId, tree: await importInto(workshop, groupId, text), locale: 'pl' });
  }
  browser = await launchBrowser();
  svgPage = await browser.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  dir?.remove();
});

/** The page geometry the export must have, worked out here from the layout (SPEC S-EX2). */
function expectedPage(tree: DiagramTree, locale: string) {
  const prepared = withPlaceholders(tree, placeholdersFor(locale));
  const layout = layoutFishbone(prepared.tree, measureText, { fontFamily: FONT_FAMILY });
  const model = buildRenderModel(layout, { placeholders: prepared.placeholders });
  const bounds = contentBounds(model);
  const title = { fontSize: 24, fontWeight: 'bold' as const, fontFamily: FONT_FAMILY };
  const titleLines = tree.problem.trim() ? wrapText(tree.problem, title, Math.max(bounds.width, 480), measureText) : [];
  const titleHeight = titleLines.length ? titleLines.length * 32 + 16 : 0;
  const width = Math.ceil(Math.max(bounds.width, 480) + 64);
  const height = Math.ceil(bounds.height + titleHeight + 64);
  const origin = { x: 32 - bounds.x + (width - 64 - bounds.width) / 2, y: 32 + titleHeight - bounds.y };
  return { layout, model, width, height, origin, titleHeight };
}

async function decodePng(bytes: Buffer) {
  const image = await loadImage(bytes);
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  const { data } = ctx.getImageData(0, 0, image.width, image.height);
  const at = (x: number, y: number): [number, number, number, number] => {
    const i = (Math.round(y) * image.width + Math.round(x)) * 4;
    return [data[i]!, data[i + 1]!, data[i + 2]!, data[i + 3]!];
  };
  return { width: image.width, height: image.height, data, at };
}

const hex = (colour: string): [number, number, number] => [1, 3, 5].map((i) => parseInt(colour.slice(i, i + 2), 16)) as [number, number, number];
const near = (a: readonly number[], b: readonly number[], tolerance = 40) => a.slice(0, 3).every((v, i) => Math.abs(v - b[i]!) <= tolerance);

function labelsOf(tree: DiagramTree): string[] {
  const out = [tree.problem];
  const visit = (node: TreeNode) => {
    out.push(node.text);
    node.children.forEach(visit);
  };
  tree.categories.forEach(visit);
  return out;
}

describe('S-EX2: PNG of every fixture', () => {
  it('S-EX2: every fixture PNG has the page size at 2x, a white margin, the head, the title and every category bone drawn', async () => {
    const answers = await Promise.all(imported.map(({ groupId }) => api(`${workshop.id}/groups/${groupId}/diagram.png`, workshop.tokens.facilitator)));
    for (const [i, { name, tree, locale }] of imported.entries()) {
      const res = answers[i]!;
      expect(res.status, name).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/png');
      const png = await decodePng(Buffer.from(await res.arrayBuffer()));
      const page = expectedPage(tree, locale);
      expect([png.width, png.height], name).toEqual([page.width * 2, page.height * 2]);
      const toPx = (x: number, y: number) => [(page.origin.x + x) * 2, (page.origin.y + y) * 2] as const;

      expect(png.at(2, 2), `${name}: white corner`).toEqual([255, 255, 255, 255]);
      const head = page.layout.head.box;
      const [hx, hy] = toPx(head.x + 4, head.y + head.height / 2);
      expect(near(png.at(hx, hy), hex(THEME.headFill)), `${name}: head box`).toBe(true);

      // The title: some dark pixel on the first title line.
      let titleInk = false;
      for (let x = 64; x < Math.min(png.width, 64 + 600) && !titleInk; x++) for (let y = 64; y < 64 + 64 && !titleInk; y += 2) titleInk = near(png.at(x, y), hex(THEME.text), 60);
      expect(titleInk, `${name}: title`).toBe(true);

      const bones = page.model.bones.filter((bone) => page.layout.labels.find((l) => l.id === bone.owner)?.kind === 'category');
      expect(bones.length, name).toBe(tree.categories.length);
      for (const bone of bones) {
        const [x1, y1, x2, y2] = bone.points;
        let hit = 0;
        for (const t of [0.3, 0.45, 0.6, 0.75]) {
          const [px, py] = toPx(x1 + (x2 - x1) * t, y1 + (y2 - y1) * t);
          let found = false;
          for (let dx = -3; dx <= 3 && !found; dx++) for (let dy = -3; dy <= 3 && !found; dy++) found = near(png.at(px + dx, py + dy), hex(bone.stroke));
          if (found) hit++;
        }
        expect(hit, `${name}: bone of ${bone.owner} in ${bone.stroke}`).toBeGreaterThanOrEqual(3);
      }
    }
  });
});

/** Parses SVG text in Chromium's strict XML parser; returns the error or the text of each <text> element. */
function parseSvg(svg: string): Promise<{ error: string | null; texts: string[]; root: string }> {
  return svgPage.evaluate((source) => {
      const doc = new DOMParser().parseFromString(source, 'image/svg+xml');
      const error = doc.querySelector('parsererror');
      return {
        error: error ? (error.textContent ?? 'parse error') : null,
        texts: [...doc.querySelectorAll('text')].map((t) => [...t.querySelectorAll('tspan')].map((s) => s.textContent ?? '').join(' ')),
        root: `${doc.documentElement.namespaceURI} ${doc.documentElement.getAttribute('width')}x${doc.documentElement.getAttribute('height')}`,
      };
  }, svg);
}

const squash = (text: string) => text.replace(/\s+/g, '');

describe('S-EX3: SVG', () => {
  it('S-EX3: every fixture SVG parses as XML, has the page size and contains every label (Cyrillic and diacritics included)', async () => {
    for (const { name, groupId, tree, locale } of imported) {
      const res = await api(`${workshop.id}/groups/${groupId}/diagram.svg`, workshop.tokens.facilitator);
      expect(res.status, name).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
      const parsed = await parseSvg(await res.text());
      expect(parsed.error, name).toBeNull();
      const page = expectedPage(tree, locale);
      expect(parsed.root).toBe(`http://www.w3.org/2000/svg ${page.width}x${page.height}`);
      const texts = new Set(parsed.texts.map(squash));
      for (const label of labelsOf(tree)) expect(texts.has(squash(label)), `${name}: ${label}`).toBe(true);
    }
  });

  it('S-EX3: markup characters and control characters in labels are escaped, so the SVG still parses', async () => {
    const w = await createWorkshop(server, { template: 'blank', locale: 'bg' });
    const g = w.groups[0]!.id;
    const nasty = 'a < b & "c" \'d\' </text><script>x</script>';
    const tree = await importInto(w, g, JSON.stringify({ format: 'causeway', version: 1, problem: 'Ж & <ž>', categories: [{ text: nasty, causes: [{ text: ']]> \u0007 end', causes: [] }] }] }));
    const res = await api(`${w.id}/groups/${g}/diagram.svg`, w.tokens.viewer);
    const svg = await res.text();
    expect(svg).not.toContain('<script>');
    const parsed = await parseSvg(svg);
    expect(parsed.error).toBeNull();
    const texts = new Set(parsed.texts.map(squash));
    // The layout drops control characters from what it draws.
    // eslint-disable-next-line no-control-regex
    for (const label of labelsOf(tree)) expect(texts.has(squash(label.replace(/[\u0000-\u001F]/g, ''))), label).toBe(true);
  });

  it('S-EX3: escapeXml escapes markup and replaces characters XML 1.0 forbids', async () => {
    expect(escapeXml(`<a href="x">&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;');
    expect(escapeXml('a\u0000b\u0007c\td\ne\uFFFEf\uD800g\u{1F600}')).toBe('a\uFFFDb\uFFFDc\td\ne\uFFFDf\uFFFDg\u{1F600}');
    const parsed = await parseSvg(`<svg xmlns="http://www.w3.org/2000/svg"><text><tspan>${escapeXml('\u0001 <x> \uDC00 & ]]>')}</tspan></text></svg>`);
    expect(parsed.error).toBeNull();
    expect(parsed.texts).toEqual(['\uFFFD <x> \uFFFD & ]]>']);
  });

  it('S-EX4: empty labels are drawn as the workshop language placeholders; no title without a problem', async () => {
    const w = await createWorkshop(server, { template: '4m', locale: 'bg' });
    const g = w.groups[0]!.id;
    const res = await api(`${w.id}/groups/${g}/diagram.svg`, w.tokens.participant);
    const parsed = await parseSvg(await res.text());
    expect(parsed.error).toBeNull();
    expect(parsed.texts.map(squash)).toContain(squash('Какъв е проблемът?'));
    // The head and every label, nothing else: no title line.
    const tree = parseJson(await (await api(`${w.id}/groups/${g}/diagram.json`, w.tokens.participant)).text());
    if (!tree.ok) throw new Error('bad diagram');
    expect(tree.tree.problem).toBe('');
    expect(parsed.texts.length).toBe(labelsOf(tree.tree).length);
    const png = await decodePng(Buffer.from(await (await api(`${w.id}/groups/${g}/diagram.png`, w.tokens.viewer)).arrayBuffer()));
    const page = expectedPage(tree.tree, 'bg');
    expect(page.titleHeight).toBe(0);
    expect([png.width, png.height]).toEqual([page.width * 2, page.height * 2]);
  });
});

describe('S-EX5: workshop ZIP', () => {
  it('S-EX5: the facilitator ZIP holds index.html and every group PNG, SVG, JSON and Markdown with correct CRCs', async () => {
    const res = await api(`${workshop.id}/export.zip`, workshop.tokens.facilitator);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="Exports-Lodz.zip"; filename*=UTF-8''${encodeURIComponent('Exports-Łódź-София.zip')}`);
    const entries = readZip(Buffer.from(await res.arrayBuffer())); // throws on any size or CRC mismatch
    const byName = new Map(entries.map((e) => [e.name, e]));
    expect(entries.every((e) => e.utf8)).toBe(true);

    const bases = imported.map(({ name }, i) => `${String(i + 1).padStart(2, '0')}-${name.replace(/\.json$/, '')}`);
    const expected = ['index.html', ...bases.flatMap((b) => ['png', 'svg', 'json', 'md', 'actions.csv'].map((ext) => `${b}.${ext}`))];
    expect(entries.map((e) => e.name)).toEqual(expected);

    const index = byName.get('index.html')!.data.toString('utf8');
    expect(index).toContain('<title>Exports: Łódź – София</title>');
    for (const [i, { name, groupId, tree }] of imported.entries()) {
      const base = bases[i]!;
      for (const ext of ['png', 'svg', 'json', 'md', 'actions.csv']) expect(index).toContain(`href="${encodeURI(`${base}.${ext}`)}"`);
      expect(index).toContain(`>${name.replace(/\.json$/, '')}</h2>`);
      const json = await (await api(`${workshop.id}/groups/${groupId}/diagram.json`, workshop.tokens.viewer)).text();
      expect(byName.get(`${base}.json`)!.data.toString('utf8')).toBe(json);
      const md = await (await api(`${workshop.id}/groups/${groupId}/diagram.md`, workshop.tokens.viewer)).text();
      expect(byName.get(`${base}.md`)!.data.toString('utf8')).toBe(md);
      // S31: the action plan as the same CSV the group's actions.csv answers (workshop language, BOM).
      const csv = Buffer.from(await (await api(`${workshop.id}/groups/${groupId}/actions.csv`, workshop.tokens.viewer)).arrayBuffer());
      expect(byName.get(`${base}.actions.csv`)!.data.equals(csv)).toBe(true);
      expect(csv.toString('utf8')).toMatch(/^\uFEFFPrzyczyna,Kategoria,Priorytet,/);
      const svg = await (await api(`${workshop.id}/groups/${groupId}/diagram.svg`, workshop.tokens.viewer)).text();
      expect(byName.get(`${base}.svg`)!.data.toString('utf8')).toBe(svg);
      const png = await decodePng(byName.get(`${base}.png`)!.data);
      const page = expectedPage(tree, 'pl');
      expect([png.width, png.height]).toEqual([page.width * 2, page.height * 2]);
      // The picture in the index shows at its page size (the PNG has twice the pixels).
      expect(index).toContain(`<img src="${encodeURI(`${base}.png`)}" width="${page.width}" height="${page.height}"`);
    }

    // Unpacked, the index opens in Chromium with every picture loaded and every link to a file there.
    const out = tempDir();
    const view = await browser.newPage();
    try {
      for (const entry of entries) writeFileSync(join(out.path, entry.name), entry.data);
      await view.goto(pathToFileURL(join(out.path, 'index.html')).href);
      const seen = await view.evaluate(() => ({
        images: [...document.images].map((img) => img.complete && img.naturalWidth > 0),
        links: [...document.querySelectorAll('a')].map((a) => decodeURI(new URL(a.href).pathname.split('/').pop()!)),
      }));
      expect(seen.images).toEqual(imported.map(() => true));
      expect(new Set(seen.links)).toEqual(new Set(expected.filter((name) => name !== 'index.html')));
    } finally {
      await view.close();
      out.remove();
    }
  });
});

describe('S-EX5: workshop ZIP without groups', () => {
  it('S-EX5: a workshop whose groups were all deleted exports a ZIP with only its index', async () => {
    const w = await createWorkshop(server, { title: 'Empty', groups: ['Only'] });
    expect((await api(`${w.id}/groups/${w.groups[0]!.id}`, w.tokens.facilitator, { method: 'DELETE' })).status).toBe(204);
    const res = await api(`${w.id}/export.zip`, w.tokens.facilitator);
    expect(res.status).toBe(200);
    const entries = readZip(Buffer.from(await res.arrayBuffer()));
    expect(entries.map((e) => e.name)).toEqual(['index.html']);
    expect(entries[0]!.data.toString('utf8')).toContain('<h1>Empty</h1>');
  });
});

describe('S-EX1: who may export', () => {
  it('S-EX1: any role gets PNG and SVG; only the facilitator gets the ZIP; tokens and ids are checked', async () => {
    const g = imported[0]!.groupId;
    const w = workshop.id;
    for (const role of ['facilitator', 'participant', 'viewer'] as const) {
      const png = await api(`${w}/groups/${g}/diagram.png`, workshop.tokens[role]);
      expect(png.status, role).toBe(200);
      expect(png.headers.get('cache-control')).toBe('no-store');
      const bytes = Buffer.from(await png.arrayBuffer());
      expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      expect((await api(`${w}/groups/${g}/diagram.svg`, workshop.tokens[role])).status, role).toBe(200);
    }
    const head = await api(`${w}/groups/${g}/diagram.png`, workshop.tokens.viewer, { method: 'HEAD' });
    expect([head.status, head.headers.get('content-type'), (await head.arrayBuffer()).byteLength]).toEqual([200, 'image/png', 0]);
    expect(Number(head.headers.get('content-length'))).toBeGreaterThan(1000);
    // ?token= works as for every other API path.
    expect((await fetch(`${server.url}/api/workshops/${w}/groups/${g}/diagram.svg?token=${workshop.tokens.viewer}`)).status).toBe(200);

    const status = async (path: string, token: string | null, method = 'GET') => {
      const res = await api(path, token, { method });
      const body = (await res.json()) as { error?: { code: string } };
      return [res.status, body.error?.code];
    };
    expect(await status(`${w}/export.zip`, workshop.tokens.participant)).toEqual([403, 'forbidden']);
    expect(await status(`${w}/export.zip`, workshop.tokens.viewer)).toEqual([403, 'forbidden']);
    expect(await status(`${w}/export.zip`, null)).toEqual([401, 'token_required']);
    expect(await status(`${w}/groups/${g}/diagram.png`, null)).toEqual([401, 'token_required']);
    expect(await status(`${w}/groups/${g}/diagram.png`, 'x'.repeat(43))).toEqual([403, 'token_invalid']);
    expect(await status(`${w}/groups/${g}/diagram.svg`, 'x'.repeat(43))).toEqual([403, 'token_invalid']);
    expect(await status(`${w}/export.zip`, 'x'.repeat(43))).toEqual([403, 'token_invalid']);
    expect(await status(`${w}/groups/bad.id/diagram.png`, workshop.tokens.viewer)).toEqual([400, 'invalid_id']);
    expect(await status(`${w}/groups/${'a'.repeat(65)}/diagram.svg`, workshop.tokens.viewer)).toEqual([400, 'invalid_id']);
    expect(await status(`bad%20id/export.zip`, workshop.tokens.facilitator)).toEqual([400, 'invalid_id']);
    expect(await status(`${w}/groups/nosuchgroup/diagram.png`, workshop.tokens.viewer)).toEqual([404, 'group_not_found']);
    expect(await status(`nosuchworkshop/export.zip`, workshop.tokens.facilitator)).toEqual([404, 'workshop_not_found']);
    expect(await status(`${w}/groups/${g}/diagram.png`, workshop.tokens.facilitator, 'POST')).toEqual([405, 'method_not_allowed']);
    expect(await status(`${w}/export.zip`, workshop.tokens.facilitator, 'PUT')).toEqual([405, 'method_not_allowed']);
  });

  it('S-EX1: another workshop token cannot export this workshop', async () => {
    const other = await createWorkshop(server, {});
    const res = await api(`${workshop.id}/export.zip`, other.tokens.facilitator);
    expect(res.status).toBe(403);
  });
});

describe('S-EX2: pixel ratio', () => {
  it('S-EX2: 2 unless a side would pass 16,000 px or the area 24 Mpx, then as high as fits', () => {
    expect(pixelRatioFor(1200, 600)).toBe(2);
    expect(pixelRatioFor(8000, 500)).toBe(2);
    expect(pixelRatioFor(10_000, 500)).toBeCloseTo(1.6);
    expect(pixelRatioFor(3000, 3000)).toBeCloseTo(Math.sqrt(24_000_000 / 9_000_000));
    const r = pixelRatioFor(12_000, 9000);
    expect(12_000 * r <= 16_000 && 12_000 * 9000 * r * r <= 24_000_001).toBe(true);
  });
});

describe('S-EX2: PNGs at once', () => {
  it('S-EX2: at most two PNGs are drawn and encoded at once; the rest wait their turn and all finish', async () => {
    clearPngCache();
    // Five different small pictures.
    const pages = [1, 2, 3, 4, 5].map((n) => buildPage({ problem: `Problem ${n}`, categories: [{ text: 'Ludzie', children: [] }] }, 'pl'));
    const all = Promise.all(pages.map((page) => pagePng(page)));
    expect(pngActivity()).toEqual({ running: 2, waiting: 3 });
    const pngs = await all;
    expect(pngActivity()).toEqual({ running: 0, waiting: 0 });
    expect(new Set(pngs.map((png) => png.toString('base64'))).size).toBe(5);
  });

  it('S-EX2: PNGs are drawn in their own thread; if it stops, what it was drawing fails and the next PNG starts it again', async () => {
    clearPngCache();
    const tree: DiagramTree = { problem: 'Wątek', categories: [{ text: 'Ludzie', children: [{ text: 'Za mało osób', children: [] }] }] };
    const before = await pagePng(buildPage(tree, 'pl'));
    clearPngCache();
    const cut = pagePng(buildPage(tree, 'pl'));
    await stopPngThread();
    await expect(cut).rejects.toThrow(/PNG thread exited/);
    expect(pngCacheSize().entries).toBe(0);
    expect(pngActivity()).toEqual({ running: 0, waiting: 0 });
    expect((await pagePng(buildPage(tree, 'pl'))).equals(before)).toBe(true);
  });

  it('S-EX2: the same picture again comes from the cache; any change draws anew', async () => {
    clearPngCache();
    const tree: DiagramTree = { problem: 'Kolejki', categories: [{ text: 'Ludzie', children: [{ text: 'Za mało osób', children: [] }] }] };
    const first = pagePng(buildPage(tree, 'pl'));
    expect(pngActivity().running).toBe(1);
    const again = pagePng(buildPage(structuredClone(tree), 'pl'));
    expect(pngActivity().running).toBe(1);
    expect(await again).toBe(await first);
    const changed = pagePng(buildPage({ ...tree, categories: [{ text: 'Ludzie', children: [{ text: 'Za mało osób!', children: [] }] }] }, 'pl'));
    expect(pngActivity().running).toBe(1);
    expect((await changed).equals(await first)).toBe(false);
    expect(pngCacheSize()).toEqual({ entries: 2, bytes: (await first).length + (await changed).length });
  });

  it('S-EX2: the cache keeps the 16 most recently used PNGs', async () => {
    clearPngCache();
    const pageOf = (n: number) => buildPage({ problem: `P${n}`, categories: [] }, 'en');
    const first = await pagePng(pageOf(0));
    for (let n = 1; n < 16; n++) await pagePng(pageOf(n));
    expect(pngCacheSize().entries).toBe(16);
    expect(await pagePng(pageOf(0))).toBe(first); // now the most recently used
    await pagePng(pageOf(16)); // pushes out P1, the least recently used
    expect(pngCacheSize().entries).toBe(16);
    expect(await pagePng(pageOf(0))).toBe(first);
    const again = pagePng(pageOf(1));
    expect(pngActivity().running).toBe(1); // drawn anew
    await again;
    clearPngCache();
    expect(pngCacheSize()).toEqual({ entries: 0, bytes: 0 });
  });
});

/** Loads the bundled Noto Sans files into the test page, as the board's CSS does (same unicode-ranges). */
async function loadFontsInBrowser(): Promise<void> {
  const dir = join(dirname(createRequire(import.meta.url).resolve('@fontsource/noto-sans/package.json')), 'files');
  const css = readFileSync(join(dir, '..', '400.css'), 'utf8');
  const faces = (['latin', 'latin-ext', 'cyrillic'] as const).flatMap((subset) => {
    const range = new RegExp(`noto-sans-${subset}-400-normal \\*/[^}]*unicode-range:\\s*([^;]+);`).exec(css)![1]!;
    return (['400-normal', '700-normal', '400-italic'] as const).map((face) => ({ data: readFileSync(join(dir, `noto-sans-${subset}-${face}.woff2`)).toString('base64'), weight: face.slice(0, 3), style: face.slice(4), range }));
  });
  await svgPage.evaluate(async (list) => {
    for (const f of list) {
      const bytes = Uint8Array.from(atob(f.data), (c) => c.charCodeAt(0));
      const face = new FontFace('Noto Sans', bytes, { weight: f.weight, style: f.style, unicodeRange: f.range });
      document.fonts.add(await face.load());
    }
  }, faces);
}

describe('S-EX4: the layout matches the screen', () => {
  it('S-EX4: text widths measured with the bundled font in Chromium give every fixture the same layout as the server', async () => {
    await loadFontsInBrowser();
    for (const { name, tree, locale } of imported) {
      const prepared = withPlaceholders(tree, placeholdersFor(locale));
      const asked: [string, string][] = [];
      const server = layoutFishbone(prepared.tree, (text, style) => {
        asked.push([cssFont(style), text]);
        return measureText(text, style);
      }, { fontFamily: FONT_FAMILY });
      const widths = await svgPage.evaluate((list) => {
        const ctx = document.createElement('canvas').getContext('2d')!;
        return list.map(([font, text]) => {
          ctx.font = font;
          return ctx.measureText(text).width;
        });
      }, asked);
      const browserWidths = new Map(asked.map(([font, text], i) => [`${font}|${text}`, widths[i]!]));
      let worst = 0;
      for (const [i, [font, text]] of asked.entries()) worst = Math.max(worst, Math.abs(widths[i]! - measureText(text, parseStyle(font))));
      expect(worst, `${name}: largest width difference, px`).toBeLessThan(0.5);
      const browser = layoutFishbone(prepared.tree, (text, style) => browserWidths.get(`${cssFont(style)}|${text}`) ?? Number.NaN, { fontFamily: FONT_FAMILY });
      for (const [i, label] of server.labels.entries()) {
        const other = browser.labels[i]!;
        expect(other.lines, `${name}: ${label.id}`).toEqual(label.lines);
        for (const key of ['x', 'y', 'width', 'height'] as const) expect(Math.abs(other.box[key] - label.box[key]), `${name}: ${label.id} ${key}`).toBeLessThan(1);
      }
    }
  });
});

function parseStyle(font: string): TextStyle {
  const match = /^(\d+) (\d+)px "(.+)"$/.exec(font)!;
  return { fontWeight: match[1] === '700' ? 'bold' : 'normal', fontSize: Number(match[2]), fontFamily: match[3]! };
}

describe('S-EX3: the SVG is the same picture as the PNG', () => {
  it('S-EX3: the Bulgarian and Polish fixture SVGs drawn by Chromium at 2x match the server PNGs (under 2 % of inked pixels differ)', async () => {
    const page = await browser.newPage({ deviceScaleFactor: 2 });
    // Every file is fetched first: the pixel loops below keep the event loop busy for a while.
    const files = await Promise.all(
      imported.filter(({ name }) => /^(bg|pl)-/.test(name)).map(async ({ name, groupId }) => {
        const base = `${workshop.id}/groups/${groupId}/diagram`;
        const [png, svg] = await Promise.all([api(`${base}.png`, workshop.tokens.viewer), api(`${base}.svg`, workshop.tokens.viewer)]);
        return { name, png: Buffer.from(await png.arrayBuffer()), svg: await svg.text() };
      }),
    );
    try {
      for (const { name, png: pngBytes, svg } of files) {
        const png = await decodePng(pngBytes);
        await page.setViewportSize({ width: png.width / 2, height: png.height / 2 });
        await page.setContent(`<!doctype html><body style="margin:0">${svg.replace(/^<\?xml[^>]*>\s*/, '')}</body>`);
        await page.evaluate(() => document.fonts.ready);
        const shot = await decodePng(await page.screenshot({ clip: { x: 0, y: 0, width: png.width / 2, height: png.height / 2 } }));
        expect([shot.width, shot.height]).toEqual([png.width, png.height]);
        const a = png.data;
        const b = shot.data;
        let ink = 0;
        let differ = 0;
        for (let i = 0; i < a.length; i += 4) {
          if (a[i]! < 250 || b[i]! < 250 || a[i + 2]! < 250 || b[i + 2]! < 250) ink++;
          if (Math.max(Math.abs(a[i]! - b[i]!), Math.abs(a[i + 1]! - b[i + 1]!), Math.abs(a[i + 2]! - b[i + 2]!)) > 64) differ++;
        }
        expect(ink, name).toBeGreaterThan(10_000);
        expect(differ / ink, `${name}: share of inked pixels that differ`).toBeLessThan(0.02);
      }
      expect(files.length).toBe(2);
    } finally {
      await page.close();
    }
  });
});

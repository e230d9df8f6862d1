/**
 * PNG of a diagram, drawn by Konva on @napi-rs/canvas from the same render model as the board, the
 * way the board's own PNG export draws it (client/src/io/export.ts and draw.ts): white background,
 * the problem as a title, 2x pixel ratio.
 */
import { createHash } from 'node:crypto';
import type { Canvas } from '@napi-rs/canvas';
import type { Container } from 'konva/lib/Container';
import { Group } from 'konva/lib/Group';
import { Layer } from 'konva/lib/Layer';
import { Circle } from 'konva/lib/shapes/Circle';
import { Line } from 'konva/lib/shapes/Line';
import { Rect } from 'konva/lib/shapes/Rect';
import { Text } from 'konva/lib/shapes/Text';
import { Shape } from 'konva/lib/Shape';
import { Stage } from 'konva/lib/Stage';
import { drawModelWith, pngPixelRatio } from '@causeway/shared';
import type { DiagramTree, RenderModel } from '@causeway/shared';
import { FONT_FAMILY } from './fonts.ts';
import { installKonvaBackend } from './konva-node.ts';
import { buildPage, PAGE_PADDING, TITLE, TITLE_COLOUR, type Page } from './page.ts';

/** PNGs drawn and encoded at once in this process (each holds a bitmap of up to PNG_MAX_PIXELS x 4 bytes). */
export const PNG_CONCURRENCY = 2;

/** The same shapes as the board's PNG export (client/src/io/draw.ts): one shared drawing function. */
export function drawModel(model: RenderModel, into: Container): void {
  drawModelWith({ Line, Rect, Circle, Text, Shape }, model, into);
}

let running = 0;
const waiting: (() => void)[] = [];

/** PNGs being drawn or encoded now, and waiting for a turn. */
export function pngActivity(): { running: number; waiting: number } {
  return { running, waiting: waiting.length };
}

async function slot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= PNG_CONCURRENCY) await new Promise<void>((resolve) => waiting.push(resolve));
  else running++;
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

/** Recent PNGs by what they show, so exporting an unchanged diagram again (a PNG, then the ZIP) is instant. */
export const PNG_CACHE_ENTRIES = 16;
export const PNG_CACHE_BYTES = 32 * 1024 * 1024;
const cache = new Map<string, Promise<Buffer>>();
const sizes = new Map<string, number>();
let cachedBytes = 0;

function drop(key: string): void {
  cache.delete(key);
  cachedBytes -= sizes.get(key) ?? 0;
  sizes.delete(key);
}

/** Drops the least recently used PNGs while over either limit. */
function trim(): void {
  for (const key of cache.keys()) {
    if (cache.size <= PNG_CACHE_ENTRIES && cachedBytes <= PNG_CACHE_BYTES) return;
    drop(key);
  }
}

/** A key for everything a page draws (sizes, title, every shape and text). */
function pageKey(page: Page): string {
  const { width, height, titleLines, offset, model } = page;
  return createHash('sha256').update(JSON.stringify([width, height, titleLines, offset, model.bones, model.labels, model.links, model.badges, model.dots])).digest('base64');
}

/**
 * Draws a page and encodes it as PNG (the encoding runs off the main thread; PNG_CONCURRENCY at
 * once). The same picture asked for again comes from a small cache.
 */
export function pagePng(page: Page): Promise<Buffer> {
  const key = pageKey(page);
  const cached = cache.get(key);
  if (cached) {
    cache.delete(key);
    cache.set(key, cached);
    return cached;
  }
  const pending = slot(() => drawPng(page));
  cache.set(key, pending);
  pending.then(
    (png) => {
      if (cache.get(key) !== pending) return;
      sizes.set(key, png.length);
      cachedBytes += png.length;
      trim();
    },
    () => {
      if (cache.get(key) === pending) drop(key);
    },
  );
  trim();
  return pending;
}

/** Entries and bytes held by the PNG cache. */
export function pngCacheSize(): { entries: number; bytes: number } {
  return { entries: cache.size, bytes: cachedBytes };
}

export function clearPngCache(): void {
  for (const key of [...cache.keys()]) drop(key);
}

async function drawPng(page: Page): Promise<Buffer> {
  installKonvaBackend();
  const { width, height } = page;
  const stage = new Stage({ width, height } as ConstructorParameters<typeof Stage>[0]);
  try {
    const layer = new Layer({ listening: false });
    stage.add(layer);
    layer.add(new Rect({ x: 0, y: 0, width, height, fill: '#ffffff' }));
    if (page.titleLines.length > 0) {
      layer.add(
        new Text({
          x: PAGE_PADDING,
          y: PAGE_PADDING,
          width: width - 2 * PAGE_PADDING,
          text: page.titleLines.join('\n'),
          fontFamily: FONT_FAMILY,
          fontSize: TITLE.fontSize,
          fontStyle: 'bold',
          lineHeight: TITLE.lineHeight / TITLE.fontSize,
          fill: TITLE_COLOUR,
          wrap: 'none',
        }),
      );
    }
    const diagram = new Group({ x: page.offset.x, y: page.offset.y });
    layer.add(diagram);
    drawModel(page.model, diagram);
    const canvas = layer.toCanvas({ pixelRatio: pngPixelRatio(width, height) }) as unknown as Canvas;
    return await canvas.encode('png');
  } finally {
    stage.destroy();
  }
}

export function renderPng(tree: DiagramTree, locale: string): Promise<Buffer> {
  return pagePng(buildPage(tree, locale));
}

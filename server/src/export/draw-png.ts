/**
 * Draws a page as PNG: Konva on @napi-rs/canvas, from the same render model as the board, the way
 * the board's own PNG export draws it (client/src/io/export.ts and draw.ts): white background, the
 * problem as a title, 2x pixel ratio. Runs in the PNG thread (png-thread.ts), never on the server's
 * event loop: drawing a 500-cause page takes ~300 ms.
 */
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
import type { RenderModel } from '@causeway/shared';
import { FONT_FAMILY } from './fonts.ts';
import { installKonvaBackend } from './konva-node.ts';
import { PAGE_PADDING, TITLE, TITLE_COLOUR, type Page } from './page.ts';

/** The same shapes as the board's PNG export (client/src/io/draw.ts): one shared drawing function. */
export function drawModel(model: RenderModel, into: Container): void {
  drawModelWith({ Line, Rect, Circle, Text, Shape }, model, into);
}

export async function drawPng(page: Page): Promise<Buffer> {
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

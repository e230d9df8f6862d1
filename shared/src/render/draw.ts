/**
 * Draws a render model with Konva's classes, for the board's PNG export and the server's PNG: one
 * function, so both draw the same shapes in the same order. Konva is passed in (shared/ never
 * imports it); the types below are the few config fields used, which Konva's classes accept.
 * Bones, link arrows and labels are drawn by canvas.ts in one shape each, as on the board.
 */
import { drawBones, drawLabels } from './canvas.ts';
import type { ModelCanvas } from './canvas.ts';
import type { RenderModel } from './model.ts';

interface NodeConfig {
  x?: number;
  y?: number;
  listening?: boolean;
}

interface ShapeConfig extends NodeConfig {
  fill?: string;
  stroke?: string;
  strokeWidth?: number;
  perfectDrawEnabled?: boolean;
}

/** The Konva classes drawModelWith needs: `{ Line, Rect, Circle, Text, Shape }` from konva. */
export interface KonvaKit<N> {
  Shape: new (config: NodeConfig & { sceneFunc: (context: { _context: ModelCanvas }) => void }) => N;
  Line: new (config: ShapeConfig & { points: number[]; lineCap?: 'round'; lineJoin?: 'round' }) => N;
  Rect: new (config: ShapeConfig & { width: number; height: number; cornerRadius?: number }) => N;
  Circle: new (config: ShapeConfig & { radius: number }) => N;
  Text: new (
    config: ShapeConfig & {
      width: number;
      text: string;
      fontFamily: string;
      fontSize: number;
      fontStyle: string;
      lineHeight: number;
      align: string;
      wrap: 'none';
      height?: number;
      verticalAlign?: string;
    },
  ) => N;
}

/**
 * Adds the model's shapes to `into`, bottom to top: bones, link arrows, labels, badges, vote dots
 * (outlines and the drop line are the board's interaction marks, not part of a picture).
 */
export function drawModelWith<N>(kit: KonvaKit<N>, model: RenderModel, into: { add(...children: N[]): unknown }): void {
  const { Line, Rect, Circle, Text, Shape } = kit;
  const { bones, links } = model;
  into.add(new Shape({ listening: false, sceneFunc: (context) => drawBones(context._context, bones, links) }));
  const labels = model.labels;
  into.add(new Shape({ listening: false, sceneFunc: (context) => drawLabels(context._context, labels) }));
  for (const badge of model.badges) {
    into.add(new Rect({ x: badge.x, y: badge.y, width: badge.width, height: badge.height, fill: badge.fill, cornerRadius: badge.cornerRadius, listening: false }));
    for (const points of badge.symbol) {
      into.add(new Line({ points, stroke: badge.symbolColour, strokeWidth: badge.symbolWidth, lineCap: 'round', lineJoin: 'round', listening: false }));
    }
  }
  for (const votes of model.dots) {
    const { pill } = votes;
    if (pill) {
      into.add(new Rect({ x: pill.x, y: pill.y, width: pill.width, height: pill.height, fill: pill.fill, stroke: pill.stroke, strokeWidth: 1.5, cornerRadius: pill.cornerRadius, listening: false }));
      const t = pill.text;
      into.add(
        new Text({
          x: t.x,
          y: t.y,
          width: t.width,
          height: t.height,
          text: t.text,
          fontFamily: t.fontFamily,
          fontSize: t.fontSize,
          fontStyle: t.fontStyle,
          lineHeight: t.lineHeight,
          align: t.align,
          verticalAlign: 'middle',
          fill: t.fill,
          wrap: 'none',
          listening: false,
        }),
      );
    }
    for (const dot of votes.dots) {
      into.add(new Circle({ x: dot.x, y: dot.y, radius: dot.r, fill: dot.fill, stroke: dot.stroke, strokeWidth: dot.strokeWidth, listening: false }));
    }
  }
}

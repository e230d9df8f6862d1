import type { Container } from 'konva/lib/Container';
import { Circle } from 'konva/lib/shapes/Circle';
import { Line } from 'konva/lib/shapes/Line';
import { Rect } from 'konva/lib/shapes/Rect';
import { Text } from 'konva/lib/shapes/Text';
import { Shape } from 'konva/lib/Shape';
import { drawModelWith } from '@causeway/shared';
import type { RenderModel } from '@causeway/shared';

/** Draws a render model into a Konva container, the same shapes the board draws (for exports). */
export function drawModel(model: RenderModel, into: Container): void {
  drawModelWith({ Line, Rect, Circle, Text, Shape }, model, into);
}

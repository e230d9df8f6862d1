import type { Container } from 'konva/lib/Container';
import { Group } from 'konva/lib/Group';
import { Circle } from 'konva/lib/shapes/Circle';
import { Line } from 'konva/lib/shapes/Line';
import { Rect } from 'konva/lib/shapes/Rect';
import { Text } from 'konva/lib/shapes/Text';
import { drawModelWith } from '@causeway/shared';
import type { RenderModel } from '@causeway/shared';

/** Draws a render model into a Konva container, the same shapes the board draws (for exports). */
export function drawModel(model: RenderModel, into: Container): void {
  drawModelWith({ Group, Line, Rect, Circle, Text }, model, into);
}

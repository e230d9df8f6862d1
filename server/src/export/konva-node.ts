/**
 * Konva in Node: Konva draws on whatever `Util.createCanvasElement` returns. Konva ships backends
 * for the 'canvas' and 'skia-canvas' packages (konva/canvas-backend, konva/skia-backend); this is the
 * same few lines for @napi-rs/canvas, which is what the server has.
 */
import { createCanvas, Image } from '@napi-rs/canvas';
import { Konva } from 'konva/lib/Core';
import { registerFonts } from './fonts.ts';

let installed = false;

export function installKonvaBackend(): void {
  if (installed) return;
  registerFonts();
  Konva.Util.createCanvasElement = () => {
    const node = createCanvas(300, 300) as unknown as HTMLCanvasElement & { style?: object };
    if (!node.style) Object.defineProperty(node, 'style', { value: {}, writable: true });
    return node;
  };
  Konva.Util.createImageElement = () => new Image() as unknown as HTMLImageElement;
  (Konva as unknown as { _renderBackend: string })._renderBackend = 'napi-rs-canvas';
  installed = true;
}

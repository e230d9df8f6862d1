/** The PNG thread (started by render-png.ts): draws each page it is sent and answers with the PNG. */
import { parentPort } from 'node:worker_threads';
import { drawPng } from './draw-png.ts';
import type { Page } from './page.ts';

const port = parentPort;
if (!port) throw new Error('png-thread.ts runs as a worker thread');
port.on('message', ({ id, page }: { id: number; page: Page }) => {
  drawPng(page).then(
    (png) => port.postMessage({ id, png }),
    (err: unknown) => port.postMessage({ id, error: String(err) }),
  );
});

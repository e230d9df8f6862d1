// npm start: builds the client if it is not built, then runs the server (TypeScript via tsx).
// PORT (8080), HOST (0.0.0.0) and DATA_DIR (./data) override the defaults.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

if (!existsSync(join(root, 'dist/client/index.html'))) {
  if (existsSync(join(root, 'client/index.html'))) {
    console.log('Building the client (first start)...');
    const { build } = await import('vite');
    await build({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn' });
  } else {
    console.log('No client to build yet; serving the API, sync and a placeholder page.');
  }
}

const { register } = await import('tsx/esm/api');
register();
await import(join(root, 'server/src/main.ts'));

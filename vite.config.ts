import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * Builds client/src/sw.ts to /sw.js with the list of this build's files written in, so that every
 * build is a new service worker and keeps exactly its own files on the device.
 */
function serviceWorker(): Plugin {
  return {
    name: 'causeway-service-worker',
    apply: 'build',
    buildStart() {
      this.emitFile({ type: 'chunk', id: fileURLToPath(new URL('./client/src/sw.ts', import.meta.url)), fileName: 'sw.js' });
    },
    generateBundle(_options, bundle) {
      const worker = bundle['sw.js'];
      const placeholder = /\[\s*(["'`])__CAUSEWAY_FILES__\1\s*\]/;
      if (worker?.type !== 'chunk' || !placeholder.test(worker.code)) throw new Error('sw.js: the file list has no place to go');
      // Source maps only for developer tools; .woff only for browsers without woff2.
      const files = Object.keys(bundle)
        .filter((file) => file.startsWith('assets/') && !file.endsWith('.map') && !file.endsWith('.woff'))
        .map((file) => `/${file}`)
        .sort();
      worker.code = worker.code.replace(placeholder, JSON.stringify(files));
    },
  };
}

const serverUrl = `http://localhost:${process.env.PORT ?? '8080'}`;

export default defineConfig({
  root: 'client',
  plugins: [react(), serviceWorker()],
  build: { outDir: '../dist/client', emptyOutDir: true, sourcemap: true },
  server: {
    port: 5173,
    proxy: {
      '/api': serverUrl,
      '/sync': { target: serverUrl.replace('http', 'ws'), ws: true },
    },
  },
});

import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const serverUrl = `http://localhost:${process.env.PORT ?? '8080'}`;

export default defineConfig({
  root: 'client',
  plugins: [react()],
  build: { outDir: '../dist/client', emptyOutDir: true, sourcemap: true },
  server: {
    port: 5173,
    proxy: {
      '/api': serverUrl,
      '/sync': { target: serverUrl.replace('http', 'ws'), ws: true },
    },
  },
});

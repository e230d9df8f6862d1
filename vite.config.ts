import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const serverUrl = `http://localhost:${process.env.PORT ?? '8080'}`;

/**
 * Preloads the bundled font's faces (every subset of the three the canvas draws): every page loads
 * them first thing (client/src/board/fonts.ts) and a board draws nothing before they are there, so
 * they download alongside the bundle instead of after it has run.
 */
function preloadFonts(): Plugin {
  return {
    name: 'causeway-preload-fonts',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler: (_html, ctx) =>
        Object.keys(ctx.bundle ?? {})
          .filter((file) => /\/noto-sans-(latin|latin-ext|cyrillic)-(400-normal|700-normal|400-italic)-[^/]*\.woff2$/.test(file))
          .sort()
          .map((file) => ({ tag: 'link', attrs: { rel: 'preload', as: 'font', type: 'font/woff2', href: `/${file}`, crossorigin: '' }, injectTo: 'head' as const })),
    },
  };
}

export default defineConfig({
  root: 'client',
  plugins: [react(), preloadFonts()],
  build: { outDir: '../dist/client', emptyOutDir: true, sourcemap: true },
  server: {
    port: 5173,
    proxy: {
      '/api': serverUrl,
      '/sync': { target: serverUrl.replace('http', 'ws'), ws: true },
    },
  },
});

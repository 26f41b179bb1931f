import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Served by `reclaim serve` under /ui/ from the same origin as the API; everything is bundled
// (no CDN, no web fonts) so the product works offline.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/ui/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    reportCompressedSize: false,
    // One bundle (about 160 KB gzipped) loads faster than a waterfall of small chunks here.
    chunkSizeWarningLimit: 700,
  },
  server: { proxy: { '^/(?!ui/)': 'http://127.0.0.1:8080' } },
});

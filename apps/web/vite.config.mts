import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The dashboard is served by the gateway from dist/ at `/` (same origin as /api: the session cookie
// and CSRF header need nothing cross-origin). `npm run dev -w @coldreach/web` proxies /api to a gateway
// on GATEWAY_URL (default the `npm start` one) for working on the pages with hot reload.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    // One budget for the first load, measured in the closing note; a warning past it.
    chunkSizeWarningLimit: 400,
  },
  server: {
    proxy: { '/api': process.env.GATEWAY_URL ?? 'http://127.0.0.1:3000' },
  },
});

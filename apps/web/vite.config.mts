import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The dashboard is served by the gateway from dist/ at `/` (same origin as /api: the session cookie
// and CSRF header need nothing cross-origin). `npm run dev -w @coldreach/web` proxies /api to a gateway
// on GATEWAY_URL (default the `npm start` one) for working on the pages with hot reload.
const gateway = process.env.GATEWAY_URL ?? 'http://127.0.0.1:8080';

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
    proxy: {
      // The gateway refuses a cookie-authenticated change whose Origin is not its own (CSRF), so the
      // proxied request presents the gateway's origin, as the built dashboard does.
      '/api': { target: gateway, changeOrigin: true, headers: { origin: gateway } },
    },
  },
});

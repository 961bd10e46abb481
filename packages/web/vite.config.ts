// Builds the dashboard into dist/, which the server serves. `npm run dev -w packages/web` proxies
// /api to a server on COSTLENS_API (default http://127.0.0.1:4173).
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 900 },
  server: {
    proxy: { '/api': process.env['COSTLENS_API'] ?? 'http://127.0.0.1:4173' },
  },
});

import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The web app: built into dist/web and served by `balans serve` / `npm start` from the same process
// as the API. `npx vite` serves it for development with /api proxied to a running `balans serve`.
export default defineConfig({
  root: 'web',
  plugins: [react()],
  build: { outDir: '../dist/web', emptyOutDir: true, sourcemap: false },
  server: { proxy: { '/api': 'http://localhost:8080' } },
});

import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { pyodideAssets } from './cli/vite-pyodide-assets.ts';

// Cross-origin isolation: SharedArrayBuffer (Pyodide's interrupt buffer) needs it, in dev and preview alike.
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

// Every .html page at the root is an entry (the playground, plus the bench and sandbox harness pages).
const pages = Object.fromEntries(
  readdirSync(import.meta.dirname).filter((f) => f.endsWith('.html')).map((f) => [f.replace(/\.html$/, ''), resolve(import.meta.dirname, f)]),
);

export default defineConfig({
  plugins: [react(), pyodideAssets()],
  server: { headers: isolationHeaders, port: Number(process.env.PORT ?? 5173) },
  preview: { headers: isolationHeaders, port: Number(process.env.PORT ?? 5173) },
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 2000, rollupOptions: { input: pages } },
  optimizeDeps: { exclude: ['pyodide'] },
});

import { cpSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createReadStream } from 'node:fs';
import type { Plugin } from 'vite';

/** Pyodide's runtime files (wasm, stdlib zip, lock file), served from our own origin so the app works offline. */
const PYODIDE_FILES = /\.(wasm|zip|json|mjs|js|whl)$/;
const URL_PREFIX = '/pyodide/';

function pyodideDir(): string {
  return resolve(dirname(new URL(import.meta.url).pathname), '..', 'node_modules', 'pyodide');
}

const MIME: Record<string, string> = {
  wasm: 'application/wasm', js: 'text/javascript', mjs: 'text/javascript', json: 'application/json', zip: 'application/zip',
};

export function pyodideAssets(): Plugin {
  return {
    name: 'pyodide-assets',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        if (!req.url?.startsWith(URL_PREFIX)) return next();
        const name = req.url.slice(URL_PREFIX.length).split('?')[0];
        const file = join(pyodideDir(), name);
        if (name.includes('..') || name.includes('/') || !PYODIDE_FILES.test(name) || !existsSync(file)) {
          // A clear 404, not the SPA fallback page: Pyodide must never parse index.html as a runtime file.
          res.statusCode = 404;
          res.end(`not a Pyodide runtime file: ${name}`);
          return;
        }
        const ext = name.split('.').pop() ?? '';
        res.setHeader('Content-Type', MIME[ext] ?? 'application/octet-stream');
        res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
        createReadStream(file).pipe(res);
      });
    },
    writeBundle(options) {
      const out = join(options.dir ?? 'dist', 'pyodide');
      mkdirSync(out, { recursive: true });
      for (const name of readdirSync(pyodideDir())) {
        if (PYODIDE_FILES.test(name) && name !== 'package.json') cpSync(join(pyodideDir(), name), join(out, name));
      }
    },
  };
}

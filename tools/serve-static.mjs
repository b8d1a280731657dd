// A static file server for the module tests in Chromium (tests/wasm), which need no flash-node:
// one directory, correct MIME types for the wasm core, and the same COOP/COEP headers as
// flash-node. Usage: node tools/serve-static.mjs DIR [HOST:PORT]
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';

const types = {
  '.html': 'text/html; charset=utf-8', '.mjs': 'text/javascript', '.js': 'text/javascript',
  '.wasm': 'application/wasm', '.json': 'application/json', '.css': 'text/css',
  '.webmanifest': 'application/manifest+json', '.png': 'image/png', '.svg': 'image/svg+xml',
};

/** Starts serving `dir`; resolves to the listening server (port 0 picks a free port). */
export function serveStatic(dir, host = '127.0.0.1', port = 0) {
  const base = resolve(dir);
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
    const file = join(base, path.endsWith('/') ? path + 'index.html' : path);
    if (!file.startsWith(base)) { res.writeHead(403).end(); return; }
    try {
      const body = await readFile(file);
      res.writeHead(200, {
        'content-type': types[extname(file)] ?? 'application/octet-stream',
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-embedder-policy': 'require-corp',
        'cache-control': 'no-cache',
      }).end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    }
  });
  return new Promise((ok) => server.listen(port, host, () => ok(server)));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [dir, address = '127.0.0.1:8080'] = process.argv.slice(2);
  const [host, port] = address.split(':');
  const server = await serveStatic(dir, host, Number(port));
  console.log(`serving ${dir} on http://${host}:${server.address().port}/`);
}

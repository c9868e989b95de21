// serve.mjs: a small static file server for the built app (build/wasm/site), used by tools/run and the browser
// tests. Loopback only; correct MIME types (application/wasm lets the browser compile while downloading);
// no caching, so a rebuild is seen on reload; the build's .br copies are sent to browsers that accept brotli.
//
//   node tools/serve.mjs [--port 8080] [--host 127.0.0.1] <site-dir>
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.data': 'application/octet-stream',
  '.txt': 'text/plain; charset=utf-8',
};

function isFreshCopy(copy, original) {
  try {
    return fs.statSync(copy).mtimeMs >= fs.statSync(original).mtimeMs;
  } catch {
    return false;
  }
}

// Starts serving `root`; resolves to the http.Server once listening (port 0 picks a free port).
export function startServer(root, { port = 8080, host = '127.0.0.1' } = {}) {
  const base = path.resolve(root);
  const server = http.createServer((req, res) => {
    let rel;
    try {
      rel = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      res.writeHead(400).end('bad request');
      return;
    }
    if (rel.endsWith('/')) rel += 'index.html';
    const file = path.join(base, rel);
    if (!file.startsWith(base + path.sep)) {
      res.writeHead(403).end('forbidden');
      return;
    }
    // A brotli copy (made by the build) is sent when the browser accepts it and it is not older than the file.
    const brotli = /\bbr\b/.test(req.headers['accept-encoding'] || '') && isFreshCopy(file + '.br', file);
    fs.readFile(brotli ? file + '.br' : file, (err, data) => {
      if (err) {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found: ' + rel);
        return;
      }
      const headers = {
        'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream',
        'Cache-Control': 'no-store',
        'Vary': 'Accept-Encoding',
      };
      if (brotli) headers['Content-Encoding'] = 'br';
      res.writeHead(200, headers);
      res.end(data);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const args = process.argv.slice(2);
  let port = 8080, host = '127.0.0.1', root = null;
  for (let i = 0; i < args.length; ++i) {
    if (args[i] === '--port') port = Number(args[++i]);
    else if (args[i] === '--host') host = args[++i];
    else root = args[i];
  }
  if (!root || !fs.existsSync(path.join(root, 'index.html'))) {
    console.error(`serve: ${root ?? '(no folder given)'} has no index.html; build the app first (tools/run does).`);
    process.exit(2);
  }
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`serve: --port must be a number from 0 to 65535`);
    process.exit(2);
  }
  startServer(root, { port, host }).then(
    (server) => console.log(`Medcode is running at http://${host}:${server.address().port}/  (Ctrl+C stops it)`),
    (err) => {
      console.error(`serve: cannot listen on ${host}:${port}: ${err.message}` +
                    (err.code === 'EADDRINUSE' ? ' (port in use: try tools/run --port 8081)' : ''));
      process.exit(2);
    });
}

// run.test.mjs: the README's first command. `tools/run --port 0` must build (incrementally here), serve the app on
// loopback and print its URL; the page, the wasm (as application/wasm) and the service worker must be served.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { REPO } from './harness.mjs';

test('tools/run serves the app and prints its URL', { timeout: 300000 }, async () => {
  const child = spawn(path.join(REPO, 'tools/run'), ['--port', '0'], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '', err = '';
  child.stderr.on('data', (d) => { err += d; });
  try {
    const url = await new Promise((resolve, reject) => {
      child.stdout.on('data', (d) => {
        out += d;
        const m = /running at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
        if (m) resolve(m[1]);
      });
      child.on('exit', (code) => reject(new Error(`tools/run exited with ${code}\n${out}\n${err.slice(-2000)}`)));
    });
    const page = await fetch(url);
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /<canvas id="canvas"/);
    assert.match(html, /medcode\.js/);
    const wasm = await fetch(url + 'medcode.wasm');
    assert.equal(wasm.status, 200);
    assert.equal(wasm.headers.get('content-type'), 'application/wasm');
    const bytes = new Uint8Array(await wasm.arrayBuffer());
    assert.deepEqual(Array.from(bytes.slice(0, 4)), [0x00, 0x61, 0x73, 0x6d], 'a WebAssembly module');
    assert.equal((await fetch(url + 'sw.js')).status, 200);
    // Big files go out brotli-compressed to a client that accepts it, and decode to the same bytes.
    const packBr = await fetch(url + 'codesets.pack', { headers: { 'Accept-Encoding': 'br' } });
    assert.equal(packBr.headers.get('content-encoding'), 'br');
    const packRaw = await fetch(url + 'codesets.pack', { headers: { 'Accept-Encoding': 'identity' } });
    assert.equal(packRaw.headers.get('content-encoding'), null);
    const a = Buffer.from(await packBr.arrayBuffer()), b = Buffer.from(await packRaw.arrayBuffer());
    assert.ok(b.length > 1000000 && a.equals(b), `decoded ${a.length} bytes vs ${b.length}`);
    assert.equal((await fetch(url + 'no-such-file')).status, 404);
  } finally {
    try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
  }
});

// flash-node's HTTP side under raw TCP: malformed and oversized requests get a 4xx and a closed
// connection, slow ones time out, the node keeps serving; the PWA is served with the right types
// and headers; WebSocket upgrades elsewhere than / are refused.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startNode, stopAll } from './support/flash-node.mjs';

let node, port;
const web = mkdtempSync(join(tmpdir(), 'flash-web-'));

before(async () => {
  writeFileSync(join(web, 'index.html'), '<!doctype html><title>Flash</title>');
  mkdirSync(join(web, 'wasm'));
  writeFileSync(join(web, 'wasm', 'flash-core.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
  writeFileSync(join(web, 'manifest.webmanifest'), '{"name":"Flash"}');
  node = await startNode({ args: ['--web', web], config: { limits: { read_timeout_s: 1, max_body_bytes: 4096 } } });
  port = Number(new URL(node.httpUrl).port);
});
after(stopAll);

/** Sends raw bytes, resolves to everything the node answered before closing (or after `waitMs`). */
function raw(bytes, { waitMs = 3000 } = {}) {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    const timer = setTimeout(() => { socket.destroy(); resolve({ answer, closed: false }); }, waitMs);
    socket.on('data', (chunk) => { answer += chunk.toString('latin1'); });
    socket.on('close', () => { clearTimeout(timer); resolve({ answer, closed: true }); });
    socket.on('error', (e) => { if (e.code !== 'ECONNRESET' && e.code !== 'EPIPE') reject(e); });
    socket.write(bytes);
  });
}

const status = (answer) => Number(answer.match(/^HTTP\/1\.1 (\d{3})/)?.[1]);

async function healthy() {
  const res = await fetch(new URL('/healthz', node.httpUrl));
  assert.equal(res.status, 200);
}

test('malformed requests get 400 and a closed connection; the node keeps serving', async () => {
  for (const garbage of ['HELLO\r\n\r\n', 'GET\r\n\r\n', 'GET / HTTP/9.9\r\n\r\n', '\x00\x01\x02\xff\r\n\r\n',
    'GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n', 'GET / HTTP/1.1\r\nBad Header\r\n\r\n']) {
    const { answer, closed } = await raw(garbage);
    assert.equal(status(answer), 400, JSON.stringify(garbage));
    assert.ok(closed);
  }
  await healthy();
});

test('oversized headers get 431, oversized bodies 413', async () => {
  const big = await raw(`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20000)}\r\n\r\n`);
  assert.equal(status(big.answer), 431);
  const body = await raw(`POST /v1/anything HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n${'b'.repeat(5000)}`);
  assert.equal(status(body.answer), 413);
  await healthy();
});

test('a request that never completes is cut after the read timeout', async () => {
  const started = Date.now();
  const { answer, closed } = await raw('GET / HTTP/1.1\r\nHost: x\r\n', { waitMs: 5000 });
  assert.ok(closed, 'the node closed the slow connection');
  assert.ok(Date.now() - started < 4000);
  assert.equal(answer, '');
  await healthy();
});

test('paths cannot leave the web root', async () => {
  for (const path of ['/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/wasm/..%2f..%2fetc/passwd', '/a%00b']) {
    const { answer } = await raw(`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    assert.ok([400, 404].includes(status(answer)), `${path}: ${answer.slice(0, 40)}`);
    assert.doesNotMatch(answer, /root:/);
  }
});

test('the PWA is served with its MIME types, validators, COOP/COEP and CORS', async () => {
  const index = await fetch(node.httpUrl);
  assert.equal(index.status, 200);
  assert.equal(index.headers.get('content-type'), 'text/html; charset=utf-8');
  assert.equal(index.headers.get('cache-control'), 'no-cache');
  assert.equal(index.headers.get('cross-origin-opener-policy'), 'same-origin');
  assert.equal(index.headers.get('cross-origin-embedder-policy'), 'require-corp');
  const etag = index.headers.get('etag');
  assert.equal((await fetch(node.httpUrl, { headers: { 'if-none-match': etag } })).status, 304);
  const wasm = await fetch(new URL('/wasm/flash-core.wasm', node.httpUrl));
  assert.equal(wasm.headers.get('content-type'), 'application/wasm');
  assert.deepEqual(new Uint8Array(await wasm.arrayBuffer()).slice(0, 4), new Uint8Array([0, 0x61, 0x73, 0x6d]));
  const manifest = await fetch(new URL('/manifest.webmanifest', node.httpUrl));
  assert.equal(manifest.headers.get('content-type'), 'application/manifest+json');
  const route = await fetch(new URL('/chat/alice', node.httpUrl));  // an app route gets the shell
  assert.match(await route.text(), /<title>Flash<\/title>/);
  const missing = await fetch(new URL('/nope.js', node.httpUrl));
  assert.equal(missing.status, 404);
  assert.deepEqual(await missing.json(), { error: 'not found' });
  const head = await raw('HEAD / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  assert.match(head.answer, /Content-Length: 35/);
  assert.ok(head.answer.endsWith('\r\n\r\n'), 'HEAD has no body');
  const preflight = await fetch(node.httpUrl, { method: 'OPTIONS', headers: { origin: 'https://other.example' } });
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers.get('access-control-allow-origin'), '*');
  assert.match(preflight.headers.get('access-control-allow-headers'), /Authorization/);
});

test('a WebSocket upgrade on another path is refused with 404', async () => {
  const { answer } = await raw('GET /elsewhere HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n' +
    'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n', { waitMs: 1500 });
  assert.equal(status(answer), 404);
});

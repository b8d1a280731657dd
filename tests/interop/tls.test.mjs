// flash-node with TLS: HTTPS and the relay over WSS on the same port, with a throwaway
// self-signed certificate for 127.0.0.1 (made here with the openssl command line).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { finalizeEvent, generateSecretKey } from 'nostr-tools/pure';
import { startNode, stopAll } from './support/flash-node.mjs';

after(stopAll);

function selfSignedCertificate() {
  const dir = mkdtempSync(join(tmpdir(), 'flash-tls-'));
  const cert = join(dir, 'cert.pem'), key = join(dir, 'key.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
    '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=flash-node test',
    '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  return { cert, key, ca: readFileSync(cert) };
}

function get(url, ca) {
  return new Promise((resolve, reject) => {
    request(url, { ca }, (res) => {
      let body = '';
      res.on('data', (c) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode, body }));
    }).on('error', reject).end();
  });
}

test('HTTPS and WSS on one port with the configured certificate', async () => {
  const { cert, key, ca } = selfSignedCertificate();
  const node = await startNode({ args: ['--tls-cert', cert, '--tls-key', key] });
  assert.match(node.httpUrl, /^https:\/\//);
  assert.match(node.relayUrl, /^wss:\/\//);
  const health = await get(new URL('/healthz', node.httpUrl), ca);
  assert.equal(health.status, 200);
  assert.deepEqual(JSON.parse(health.body), { status: 'ok' });

  // An untrusted certificate is refused by the client: TLS is really on.
  await assert.rejects(get(new URL('/healthz', node.httpUrl), undefined));

  const ws = new WebSocket(node.relayUrl, { ca });
  const messages = [];
  const next = () => new Promise((resolve) => ws.once('message', (m) => resolve(JSON.parse(m))));
  await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
  messages.push(await next());
  assert.equal(messages[0][0], 'AUTH');
  const event = finalizeEvent({ kind: 1, created_at: Math.floor(Date.now() / 1000), tags: [], content: 'over tls' },
    generateSecretKey());
  ws.send(JSON.stringify(['EVENT', event]));
  assert.deepEqual(await next(), ['OK', event.id, true, '']);
  ws.close();
  assert.equal(await node.stop(), 0);
});

test('a TLS node refuses to start without both files', async () => {
  await assert.rejects(startNode({ args: ['--tls-cert', '/nonexistent.pem'] }), /exited during start-up/);
});

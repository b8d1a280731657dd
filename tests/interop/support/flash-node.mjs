// Starts and stops a real flash-node for the interop tests and the relay benchmark.
// startNode() spawns the binary on a free port with a fresh data directory, waits for its
// "flash-node listening" log line and returns where to reach it. Every node started here is
// remembered, so stopAll() (call it in `after`) and process exit never leave one running.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const nodeBinary = process.env.FLASH_NODE_BIN
  ? resolve(process.env.FLASH_NODE_BIN)
  : join(repoRoot, 'build/native/node/flash-node');

const running = new Map();   // child process not yet exited -> marks its end as expected
const tempDirs = new Set();  // directories made here, removed by stopAll()

// A test runner that dies must not leave nodes behind: SIGKILL is all that works synchronously.
const killAll = () => {
  for (const child of running.keys()) child.kill('SIGKILL');
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
};
process.on('exit', killAll);
// A signal skips 'exit': kill the nodes, then die of the same signal as before.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(signal, () => {
    killAll();
    process.kill(process.pid, signal);
  });
}

const describeExit = (code, signal) => (signal ? `signal ${signal}` : `exit code ${code}`);

function tempDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
}

/**
 * Starts flash-node. `config` (an object) is written to a JSON file passed with --config;
 * `dataDir` reuses a directory (a restart), otherwise a fresh temp one; `args` are extra flags.
 * Resolves to { relayUrl, httpUrl, relayPubkey, dataDir, logs, pid, exited, stop(), kill() }.
 */
export async function startNode({ config, dataDir, args = [], startTimeoutMs = 20_000 } = {}) {
  if (!existsSync(nodeBinary)) {
    throw new Error(`flash-node binary not found at ${nodeBinary}: build it (cmake --preset native && ` +
                    'cmake --build build/native --target flash-node) or set FLASH_NODE_BIN');
  }
  dataDir ??= tempDir('flash-node-data-');
  const flags = ['--listen', '127.0.0.1:0', '--data', dataDir, '--web', join(dataDir, 'no-web')];
  if (config) {
    const file = join(tempDir('flash-node-config-'), 'config.json');
    writeFileSync(file, JSON.stringify(config));
    flags.push('--config', file);
  }
  // FLASH_* variables of the caller's shell would override the file; the test decides alone.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('FLASH_')));
  const child = spawn(nodeBinary, [...flags, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stopping = false;  // set before any end we cause, so that only a crash is reported as one
  running.set(child, () => { stopping = true; });

  const logs = [];  // parsed JSON lines of stderr ({ raw } for anything else) and of stdout
  let onLine = () => {};
  const collect = (stream) => {
    let pending = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop();
      for (const line of lines) {
        if (!line.trim()) continue;
        let entry;
        try { entry = JSON.parse(line); } catch { entry = { raw: line }; }
        logs.push(entry);
        onLine(entry);
      }
    });
  };
  collect(child.stdout);
  collect(child.stderr);
  const tail = () => logs.slice(-15).map((e) => e.raw ?? JSON.stringify(e)).join('\n  ');

  let listening = false;
  let exitInfo;
  const exited = new Promise((resolveExit) => {
    child.on('exit', (code, signal) => {
      running.delete(child);
      exitInfo = { code, signal };
      // Said at once, so a crash mid-test is not mistaken for a slow or silent relay.
      if (!stopping && listening) {
        console.error(`flash-node (pid ${child.pid}) exited unexpectedly with ${describeExit(code, signal)}; ` +
                      `last log lines:\n  ${tail()}`);
      }
      resolveExit(exitInfo);
    });
  });

  const ready = await new Promise((resolveReady, rejectReady) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      rejectReady(new Error(`flash-node did not log "flash-node listening" within ${startTimeoutMs} ms; ` +
                            `log:\n  ${tail()}`));
    }, startTimeoutMs);
    onLine = (entry) => {
      if (entry.msg !== 'flash-node listening') return;
      clearTimeout(timer);
      listening = true;
      resolveReady(entry);
    };
    child.on('error', (error) => {
      clearTimeout(timer);
      rejectReady(new Error(`cannot start ${nodeBinary}: ${error.message}`));
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      rejectReady(new Error(`flash-node exited during start-up with ${describeExit(code, signal)}; ` +
                            `log:\n  ${tail()}`));
    });
  });
  onLine = () => {};

  return {
    relayUrl: ready.relay,
    httpUrl: ready.address,
    relayPubkey: ready.relay_pubkey,
    dataDir,
    logs,
    pid: child.pid,
    /** False once the process has ended, for whatever reason. */
    get running() { return !exitInfo; },
    /** Resolves to { code, signal } when the process ends, however it ends. */
    exited,
    /** SIGTERM, then the exit code. Throws when the node had crashed, died of a signal or hung. */
    async stop({ timeoutMs = 15_000 } = {}) {
      if (exitInfo && !stopping) {
        throw new Error(`flash-node had already exited with ${describeExit(exitInfo.code, exitInfo.signal)}; ` +
                        `log:\n  ${tail()}`);
      }
      stopping = true;
      if (!exitInfo) child.kill('SIGTERM');
      let timer;
      const hung = new Promise((resolveHung) => { timer = setTimeout(resolveHung, timeoutMs, 'hung'); });
      const outcome = await Promise.race([exited, hung]);
      clearTimeout(timer);
      if (outcome === 'hung') {
        child.kill('SIGKILL');
        await exited;
        throw new Error(`flash-node did not stop within ${timeoutMs} ms of SIGTERM; log:\n  ${tail()}`);
      }
      if (outcome.signal) {
        throw new Error(`flash-node died of ${outcome.signal} while stopping; log:\n  ${tail()}`);
      }
      return outcome.code;
    },
    /** SIGKILL, for a node that must not get to clean up. Resolves when it is gone. */
    async kill() {
      stopping = true;
      if (!exitInfo) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Kills every node still running and removes the temp directories made here. */
export async function stopAll() {
  const children = [...running.keys()];
  for (const child of children) {
    running.get(child)();
    child.kill('SIGKILL');
  }
  await Promise.all(children.map((child) => new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) done();
    else child.once('exit', done);
  })));
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}

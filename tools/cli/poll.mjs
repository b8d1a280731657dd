// Waiting for the node to finish something (an invoice settled, a payment done).
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Calls `read()` every `intervalMs` until `done(value)` is true or `timeoutMs` has passed;
 * resolves to { value, timedOut }.
 */
export async function pollUntil(read, done, { timeoutMs, intervalMs = 500 }) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return { value, timedOut: false };
    if (Date.now() >= deadline) return { value, timedOut: true };
    await sleep(Math.min(intervalMs, Math.max(0, deadline - Date.now())));
  }
}

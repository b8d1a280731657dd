// An animated QR code (NUT-16): frames of the token's fountain code, drawn one after the other at
// the chosen speed. The frames come from the core's worker in small batches.
import type { Core } from '../core/client.ts';
import { showQr } from '../qr.ts';

/** Fragment sizes offered (cashu wallets use 50–200 bytes): smaller frames scan more easily. */
export const densities = [50, 100, 150, 200] as const;

export interface AnimatedQr {
  /** Frames shown so far and the fewest a receiver needs. */
  shown: number;
  readonly minimumFrames: number;
  setSpeed(framesPerSecond: number): void;
  stop(): void;
}

/** Starts showing `token` in `element`; `onFrame` runs after each frame. Stops with `signal`. */
export async function showAnimatedQr(core: Core, element: HTMLElement, token: string,
                                     { fragmentBytes, framesPerSecond, signal, onFrame }:
                                     { fragmentBytes: number; framesPerSecond: number; signal: AbortSignal; onFrame: (qr: AnimatedQr) => void }): Promise<AnimatedQr> {
  const { id, minimumFrames } = await core.urStart(token, fragmentBytes);
  let queue: string[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let delayMs = 1000 / framesPerSecond;
  let stopped = false;
  const state: AnimatedQr = {
    shown: 0,
    minimumFrames,
    setSpeed: (fps: number) => { delayMs = 1000 / fps; },
    stop: () => {
      if (stopped) return;
      stopped = true;
      clearTimeout(timer);
      core.urStop(id);
    },
  };
  const tick = async () => {
    if (stopped) return;
    if (!queue.length) queue = await core.urFrames(id, 10);
    if (stopped) return;
    showQr(element, queue.shift()!);
    state.shown++;
    onFrame(state);
    timer = setTimeout(tick, delayMs);
  };
  signal.addEventListener('abort', state.stop);
  await tick();
  return state;
}

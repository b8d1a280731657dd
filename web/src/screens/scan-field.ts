// "Scan" buttons next to the fields that take something people usually show as a QR code (an
// invoice, an address, an eCash token): the camera opens in a dialog, and the first code read
// fills the field. An animated eCash code (ur:bytes frames) is collected until the token is whole.
import type { Core } from '../core/client.ts';
import { messages } from '../i18n/index.ts';
import { $, describeError, field } from '../ui.ts';
import { scanQr } from './scanner.ts';

/** Wires every [data-scan="<input id>"] button of the page (once). */
export function attachScanButtons(core: Core): void {
  const dialog = $<HTMLDialogElement>('scan-dialog');
  const progress = $<HTMLProgressElement>('scan-dialog-progress');
  let scanning: AbortController | null = null;
  const close = () => {
    scanning?.abort();
    scanning = null;
    if (dialog.open) dialog.close();
  };
  dialog.addEventListener('close', close);
  $('scan-dialog-cancel').addEventListener('click', close);

  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-scan]')) {
    button.addEventListener('click', async () => {
      const input = field(button.dataset.scan!);
      close();
      const scan = new AbortController();
      scanning = scan;
      $('scan-dialog-error').textContent = '';
      progress.hidden = true;
      progress.value = 0;
      dialog.showModal();
      await core.urReset();
      const fill = (text: string) => {
        input.value = text;
        input.dispatchEvent(new Event('input', { bubbles: true }));
        close();
        input.focus();
      };
      try {
        await scanQr($<HTMLVideoElement>('scan-dialog-video'), scan.signal, async (text) => {
          if (!/^ur:/i.test(text)) return fill(text.trim());
          try {
            const part = await core.urReceive(text);
            progress.hidden = false;
            progress.value = part.progress;
            if (part.token) fill(part.token);
          } catch (error) {
            $('scan-dialog-error').textContent = describeError(error);
          }
        });
      } catch {
        if (!scan.signal.aborted) $('scan-dialog-error').textContent = messages.offline.noCamera;
      }
    });
  }
}

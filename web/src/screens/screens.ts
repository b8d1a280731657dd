// The app's full-page steps (welcome, words, lock, wallet…): one is shown at a time.
const steps = ['welcome', 'words', 'confirm', 'restore', 'import', 'passphrase', 'lock', 'wallet'] as const;
export type Step = (typeof steps)[number];

/** Shows step `id` alone and moves the focus to its heading (screen readers announce it). */
export function showStep(id: Step): void {
  for (const step of steps) document.getElementById(step)!.hidden = step !== id;
  const heading = document.querySelector<HTMLElement>(`#${id} h2`);
  if (heading) {
    heading.tabIndex = -1;
    heading.focus({ preventScroll: false });
  }
}

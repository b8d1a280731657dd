// The app's language: taken from the browser unless the person chose one in the settings (kept in
// localStorage). `messages` is a live binding: screens read it when they write a text, and
// setLanguage() re-applies the fixed texts of the page at once. English is built in; the other
// catalogs are loaded only when chosen (each is a file of its own in the build).
import { format } from './format.ts';
import { en, type Messages } from './en.ts';

type Catalog = (f: ReturnType<typeof format>) => Messages;

/** Each language in its own name, for the settings switch, and how to load its catalog. */
export const languages: Record<string, { name: string; load: () => Promise<Catalog> }> = {
  en: { name: 'English', load: async () => en },
  fr: { name: 'Français', load: async () => (await import('./fr.ts')).fr },
  pt: { name: 'Português', load: async () => (await import('./pt.ts')).pt },
  it: { name: 'Italiano', load: async () => (await import('./it.ts')).it },
  de: { name: 'Deutsch', load: async () => (await import('./de.ts')).de },
  nl: { name: 'Nederlands', load: async () => (await import('./nl.ts')).nl },
  es: { name: 'Español', load: async () => (await import('./es.ts')).es },
};

const storageKey = 'flash.language';

export let messages: Messages = en(format('en'));
export let language = 'en';

/** The first of the browser's languages that the app speaks (by primary subtag), else English. */
export function preferredLanguage(wanted: readonly string[] = navigator.languages): string {
  const chosen = localStorage.getItem(storageKey);
  if (chosen && languages[chosen]) return chosen;
  for (const tag of wanted) {
    const primary = tag.toLowerCase().split('-')[0];
    if (languages[primary]) return primary;
  }
  return 'en';
}

/** Switches every text to `code` (remembered when `remember`), then fills the page's fixed texts. */
export async function setLanguage(code: string, { remember = false } = {}): Promise<void> {
  const chosen = languages[code] ? code : 'en';
  const catalog = await languages[chosen].load();
  language = chosen;
  messages = catalog(format(language));
  if (remember) localStorage.setItem(storageKey, language);
  document.documentElement.lang = language;
  applyTexts(document);
}

/** Fills the fixed texts from the catalog: data-text (content), data-label (aria-label), data-placeholder. */
export function applyTexts(root: ParentNode): void {
  const lookup = (path: string) => {
    const found = path.split('.').reduce<unknown>((at, key) => (at as Record<string, unknown> | undefined)?.[key], messages);
    return typeof found === 'string' ? found : path;
  };
  for (const el of root.querySelectorAll<HTMLElement>('[data-text]')) el.textContent = lookup(el.dataset.text!);
  for (const el of root.querySelectorAll<HTMLElement>('[data-label]')) el.setAttribute('aria-label', lookup(el.dataset.label!));
  for (const el of root.querySelectorAll<HTMLInputElement>('[data-placeholder]')) el.placeholder = lookup(el.dataset.placeholder!);
}

// The app's language: taken from the browser unless the person chose one in the settings (kept in
// localStorage). `messages` is a live binding: screens read it when they write a text, and
// setLanguage() re-applies the fixed texts of the page at once.
import { format } from './format.ts';
import { en, type Messages } from './en.ts';
import { fr } from './fr.ts';
import { pt } from './pt.ts';
import { it } from './it.ts';
import { de } from './de.ts';
import { nl } from './nl.ts';
import { es } from './es.ts';

type Catalog = (f: ReturnType<typeof format>) => Messages;

/** Each language in its own name, for the settings switch. */
export const languages: Record<string, { name: string; catalog: Catalog }> = {
  en: { name: 'English', catalog: en },
  fr: { name: 'Français', catalog: fr },
  pt: { name: 'Português', catalog: pt },
  it: { name: 'Italiano', catalog: it },
  de: { name: 'Deutsch', catalog: de },
  nl: { name: 'Nederlands', catalog: nl },
  es: { name: 'Español', catalog: es },
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
export function setLanguage(code: string, { remember = false } = {}): void {
  const entry = languages[code] ?? languages.en;
  language = languages[code] ? code : 'en';
  messages = entry.catalog(format(language));
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

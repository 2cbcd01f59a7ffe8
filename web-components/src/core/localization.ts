import { configureLocalization } from '@lit/localize';
import * as en from '../locales/en.ts';

/**
 * French is the source language; English comes with the bundle (a few hundred bytes), so
 * no widget ever waits for a translation file. One language per page, as on any portal.
 */
export const { getLocale, setLocale } = configureLocalization({
  sourceLocale: 'fr',
  targetLocales: ['en'],
  loadLocale: async () => en,
});

/** The language of an element: its own `lang`, else the closest ancestor's, else French. */
export function languageOf(element: HTMLElement): 'fr' | 'en' {
  const lang = element.closest<HTMLElement>('[lang]')?.lang ?? document.documentElement.lang;
  return lang.toLowerCase().startsWith('en') ? 'en' : 'fr';
}

export const formatDate = (value: string, lang: 'fr' | 'en') =>
  new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Paris' }).format(
    new Date(value.length === 10 ? `${value}T12:00:00Z` : value),
  );

/** A portal that switches its page's language switches the widgets' too. */
export function followDocumentLanguage(): void {
  const apply = () => {
    const lang = languageOf(document.documentElement);
    if (getLocale() !== lang) void setLocale(lang);
  };
  new MutationObserver(apply).observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
}

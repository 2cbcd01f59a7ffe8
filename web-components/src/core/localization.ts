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

/**
 * A date in words, as French writes it: « 1er décembre 2026 » (the first of the month is an
 * ordinal), « 3 mars 1982 ». A bare `yyyy-mm-dd` is a calendar day, never shifted by time zones.
 */
export function formatDate(value: string, lang: 'fr' | 'en'): string {
  const format = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Paris' });
  const date = new Date(value.length === 10 ? `${value}T12:00:00Z` : value);
  if (lang === 'en') return format.format(date);
  return format
    .formatToParts(date)
    .map((part) => (part.type === 'day' && part.value === '1' ? '1er' : part.value))
    .join('');
}

/** The time of day, Paris time: « 14 h 05 » in French, « 14:05 » in English. */
export function formatTime(value: string, lang: 'fr' | 'en'): string {
  const [hour, minute] = new Intl.DateTimeFormat('fr-FR', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'Europe/Paris' }).format(new Date(value)).split(':');
  return lang === 'en' ? `${hour}:${minute}` : `${hour} h ${minute}`;
}

/**
 * A phone number as the French read it, in pairs: « 04 72 61 00 00 », « +33 4 72 61 00 00 ».
 * Anything else (a foreign number, an extension) is shown as it was written.
 */
export function formatPhone(value: string): string {
  const digits = value.replace(/[\s.\-()]/g, '');
  if (/^0\d{9}$/.test(digits)) return digits.replace(/(\d{2})(?=\d)/g, '$1 ');
  const international = /^(?:\+|00)33(\d{9})$/.exec(digits);
  if (international) return `+33 ${international[1]!.replace(/^(\d)(\d{2})(\d{2})(\d{2})(\d{2})$/, '$1 $2 $3 $4 $5')}`;
  return value.trim();
}

/** The number for a `tel:` link: no spaces, no dots. */
export const telHref = (value: string) => `tel:${value.replace(/[\s.\-()]/g, '')}`;

/** A portal that switches its page's language switches the widgets' too. */
export function followDocumentLanguage(): void {
  const apply = () => {
    const lang = languageOf(document.documentElement);
    if (getLocale() !== lang) void setLocale(lang);
  };
  new MutationObserver(apply).observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
}

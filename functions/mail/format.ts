/** French typography for what e-mails show: phone numbers by pairs, « 1er » for the first of the month. */

/** « 0472610000 » → « 04 72 61 00 00 », « +33472610000 » → « +33 4 72 61 00 00 »; anything else as it is. */
export function frenchPhone(phone: string): string {
  const digits = phone.replace(/[\s.()-]/g, '');
  if (/^0\d{9}$/.test(digits)) return digits.replace(/(\d{2})(?=\d)/g, '$1 ');
  const international = /^\+33(\d)(\d{8})$/.exec(digits);
  if (international) return `+33 ${international[1]} ${international[2]!.replace(/(\d{2})(?=\d)/g, '$1 ')}`;
  return phone;
}

const LONG_DATE = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Paris' });

/** « 1er décembre 2026 », « 7 décembre 2026 », in Paris time. */
export function frenchLongDate(at: string | Date): string {
  return LONG_DATE.formatToParts(new Date(at))
    .map(({ type, value }) => (type === 'day' && value === '1' ? '1er' : value))
    .join('');
}

import { describe, expect, it } from 'vitest';
import { frenchLongDate, frenchPhone } from '../../functions/mail/format.ts';

describe('e-mails write numbers and dates the French way', () => {
  it('a phone number reads by pairs of digits', () => {
    expect(frenchPhone('0472610000')).toBe('04 72 61 00 00');
    expect(frenchPhone('04.72.61.00.00')).toBe('04 72 61 00 00');
    expect(frenchPhone('+33472610000')).toBe('+33 4 72 61 00 00');
    expect(frenchPhone('+3212345678')).toBe('+3212345678');
  });

  it('the first of the month is « 1er », in Paris time', () => {
    expect(frenchLongDate('2026-12-01T09:30:00.000Z')).toBe('1er décembre 2026');
    expect(frenchLongDate('2026-11-30T23:30:00.000Z')).toBe('1er décembre 2026');
    expect(frenchLongDate('2026-12-07T09:30:00.000Z')).toBe('7 décembre 2026');
  });
});

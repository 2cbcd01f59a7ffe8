/**
 * What must never reach a log, as pure rules: logs are kept for months, read by operators who
 * have no business knowing who GPS follows, and copied to places the table never goes.
 * Redaction errs on the side of hiding: a number that merely looks like a phone number is
 * hidden too.
 */

export const REDACTED = '[masqué]';

/** Neither a letter, digit nor underscore around a match: a number inside an id or a hash is left alone. */
const alone = (pattern: string) => `(?<![\\w+@])${pattern}(?![\\w@])`;

const EMAIL = /[\p{L}\p{N}._%+'-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;

/**
 * NIR (numéro de sécurité sociale): sex (1, 2, or 7, 8 for a temporary number), year, month,
 * département (2A, 2B for Corsica), commune, order, then the 2-digit key, which is often left
 * out; groups may be separated by spaces.
 */
const NIR = new RegExp(alone('[12378](?:\\s?\\d{2}){2}\\s?(?:\\d{2}|2[AB])(?:\\s?\\d{3}){2}(?:\\s?\\d{2})?'), 'gi');

/** French numbers (0X or +33 / 0033, separated or not) and any other international number. */
const PHONE = new RegExp(
  alone(['(?:(?:\\+|00)33[\\s.-]?(?:\\(0\\)[\\s.-]?)?[1-9]|0[1-9])(?:[\\s.-]?\\d{2}){4}', '\\+\\d(?:[\\s.-]?\\d){7,14}'].map((p) => `(?:${p})`).join('|')),
  'g',
);

/**
 * A string attribute written as JSON inside a text, plain (`"lastName":"Dubois"`) or as DynamoDB
 * writes it (`"lastName":{"S":"Dubois"}`): error messages echo requests that way.
 */
const EMBEDDED_ATTRIBUTE = /"([\w-]+)"(\s*:\s*(?:\{\s*"S"\s*:\s*)?)"(?:[^"\\]|\\.)*"/g;

/**
 * Hides, in free text (messages, error messages, stacks), e-mail addresses, NIRs, phone
 * numbers, and the values of personal attributes echoed as JSON.
 */
export const redactText = (text: string): string =>
  text
    .replace(EMBEDDED_ATTRIBUTE, (match, key: string, separator: string) => (isPersonalKey(key) ? `"${key}"${separator}"${REDACTED}"` : match))
    .replace(EMAIL, REDACTED)
    .replace(NIR, REDACTED)
    .replace(PHONE, REDACTED);

/** Attributes that hold personal data or secrets whatever their value looks like. */
const PERSONAL_KEYS = new Set(
  [
    'identity',
    'firstName',
    'lastName',
    'usualName',
    'givenName',
    'familyName',
    'birthDate',
    'email',
    'to',
    'phone',
    'phoneNumber',
    'contact',
    'address',
    'city',
    'postcode',
    'franceTravailId',
    'nir',
    'summary',
    'note',
    'reason',
    'text',
    'token',
    'accessToken',
    'idToken',
    'refreshToken',
    'authorization',
    'cookie',
    'cookies',
    'password',
    'secret',
  ].map((key) => normalizeKey(key)),
);

function normalizeKey(key: string): string {
  return key.replace(/[-_\s]/g, '').toLowerCase();
}

/** `first_name`, `First-Name` and `firstName` are the same attribute. */
export const isPersonalKey = (key: string): boolean => PERSONAL_KEYS.has(normalizeKey(key));

/**
 * A `JSON.stringify` replacer: a personal attribute is hidden whole, any other string is
 * scrubbed of what looks like personal data; nested objects and arrays are visited key by key.
 */
export function redactingReplacer(key: string, value: unknown): unknown {
  if (key !== '' && isPersonalKey(key) && value !== undefined && value !== null) return REDACTED;
  return typeof value === 'string' ? redactText(value) : value;
}

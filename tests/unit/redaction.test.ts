import { describe, expect, it } from 'vitest';
import { REDACTED, isPersonalKey, redactText, redactingReplacer } from '../../functions/observability/redact.ts';

const redactJson = (value: unknown) => JSON.stringify(value, redactingReplacer);

describe('redaction rules: what never reaches a log', () => {
  it.each([
    ['e-mail', 'écrire à lea.dubois+gps@exemple.gouv.fr demain', 'écrire à [masqué] demain'],
    ['e-mail with accents', 'andré.lefèvre@mairie-villeurbanne.fr', REDACTED],
    ['NIR, grouped', 'NIR 1 85 05 78 006 084 36.', 'NIR [masqué].'],
    ['NIR, in one block', '285057800608436', REDACTED],
    ['NIR without its key', 'n° 1850578006084', `n° ${REDACTED}`],
    ['NIR born in Corsica', '2 93 02 2A 004 012 54', REDACTED],
    ['NIR born in Corsica, lower case', '19302 2b00401254', REDACTED],
    ['temporary NIR', '7 85 05 78 006 084 36', REDACTED],
    ['mobile phone', 'tél. 06 12 34 56 78', `tél. ${REDACTED}`],
    ['phone with dots', '04.78.12.34.56', REDACTED],
    ['phone in one block', '0612345678', REDACTED],
    ['+33 phone', '+33 6 12 34 56 78', REDACTED],
    ['+33 (0) phone', '+33 (0)6 12 34 56 78', REDACTED],
    ['0033 phone', '0033612345678', REDACTED],
    ['foreign phone', '+44 20 7946 0958', REDACTED],
    ['name echoed as JSON by an error', 'invalid item {"lastName":"Dubois","city":"Lyon","kind":"rsa"}', `invalid item {"lastName":"${REDACTED}","city":"${REDACTED}","kind":"rsa"}`],
    ['name echoed in DynamoDB JSON', 'Item {"firstName": {"S":"Léa"}, "id":{"S":"01JC"}}', `Item {"firstName": {"S":"${REDACTED}"}, "id":{"S":"01JC"}}`],
  ])('hides a %s', (_, text, expected) => {
    expect(redactText(text)).toBe(expected);
  });

  it.each([
    ['a timestamp', '2026-11-23T12:18:35.827Z'],
    ['a ULID', '01JC2Z3K4M5N6P7Q8R9S0T1V2W'],
    ['a request id', 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef'],
    ['a route', 'POST /persons/{id}/members/{proId}/contact'],
    ['a SIRET', 'structure 13000548100010'],
    ['a stack line', 'at ModuleJob.run (node:internal/modules/esm/module_job:325:25)'],
    ['an X-Ray trace id', '1-5759e988-bd862e3fe1be46a994272793'],
  ])('leaves %s alone', (_, text) => {
    expect(redactText(text)).toBe(text);
  });

  it('recognizes personal attributes whatever their spelling', () => {
    for (const key of ['firstName', 'first_name', 'LAST_NAME', 'birthDate', 'email', 'phone_number', 'franceTravailId', 'identity', 'token', 'Authorization', 'summary']) {
      expect(isPersonalKey(key), key).toBe(true);
    }
    for (const key of ['route', 'status', 'personId', 'eventID', 'message', 'name', 'stack']) expect(isPersonalKey(key), key).toBe(false);
  });

  it('hides personal attributes whole and scrubs every other string, at any depth', () => {
    const logged = {
      message: 'échec pour lea.dubois@exemple.fr',
      route: 'POST /persons',
      body: { identity: { firstName: 'Léa', lastName: 'Dubois', birthDate: '1994-03-12' }, links: [{ reason: 'RSA', proId: '01JC2Z3K4M5N6P7Q8R9S0T1V2W' }] },
      headers: { authorization: 'Bearer abc.def.ghi' },
      cause: { note: 'rappeler au 06 12 34 56 78' },
    };

    const text = redactJson(logged);

    expect(JSON.parse(text)).toEqual({
      message: `échec pour ${REDACTED}`,
      route: 'POST /persons',
      body: { identity: REDACTED, links: [{ reason: REDACTED, proId: '01JC2Z3K4M5N6P7Q8R9S0T1V2W' }] },
      headers: { authorization: REDACTED },
      cause: { note: REDACTED },
    });
  });

  it('keeps an absent value absent', () => {
    expect(JSON.parse(redactJson({ email: null, phone: undefined }))).toEqual({ email: null });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProfessionalClaims } from '#domain/professional.ts';
import { startLocalStack } from '#local/stack.ts';

type Stack = Awaited<ReturnType<typeof startLocalStack>>;

const CAMILLE: ProfessionalClaims = {
  email: 'camille.martin.e2e@francetravail.demo',
  firstName: 'Camille',
  lastName: 'Martin',
  phone: '0472001122',
  organization: { siret: '13000548100010', name: 'France Travail Lyon Part-Dieu', kind: 'france_travail', departement: '69' },
};
const THOMAS: ProfessionalClaims = {
  email: 'thomas.nguyen.e2e@envie-rhone.demo',
  firstName: 'Thomas',
  lastName: 'Nguyen',
  phone: '0478941234',
  organization: { siret: '44306184100047', name: 'Envie Rhône', kind: 'siae', departement: '69' },
};
const LEA = { firstName: 'Léa', lastName: 'Dubois', birthDate: '1994-03-12' };

describe('une conseillère et un chargé d’insertion travaillent ensemble (API de npm start, HTTP réel)', () => {
  let stack: Stack;
  let camille: (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<{ status: number; body: any; headers: Headers }>;
  let thomas: typeof camille;

  const speaker = async (claims: ProfessionalClaims): Promise<typeof camille> => {
    const minted = await fetch(`${stack.apiUrl}/dev/token`, { method: 'POST', body: JSON.stringify(claims) }).then((r) => r.json());
    return async (method, path, body, headers = {}) => {
      const response = await fetch(`${stack.apiUrl}${path}`, {
        method,
        headers: { Authorization: `Bearer ${minted.access_token}`, ...(body ? { 'Content-Type': 'application/json' } : {}), ...headers },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
    };
  };

  beforeAll(async () => {
    stack = await startLocalStack();
    camille = await speaker(CAMILLE);
    thomas = await speaker(THOMAS);
  });
  afterAll(() => stack?.stop());

  it('de la création du dossier à la fin du suivi, chaque étape est tracée', async () => {
    // Camille crée le dossier de Léa.
    const created = await camille('POST', '/persons', { identity: LEA, reason: 'Accompagnement vers l’emploi', situation: { flags: { rsa: true } } });
    expect(created.status).toBe(201);
    const id = created.body.id;
    const thomasId = (await thomas('GET', '/me')).body.id;
    const camilleId = (await camille('GET', '/me')).body.id;

    // Thomas retrouve Léa par son identité exacte, écrite autrement, et demande à rejoindre.
    const lookup = await thomas('POST', '/persons/lookup', { firstName: 'LEA', lastName: 'dubois', birthDate: '1994-03-12' });
    expect(lookup.body).toEqual({ found: true, personId: id, joinMode: 'request' });
    expect((await thomas('GET', `/persons/${id}`)).status).toBe(404);
    const asked = await thomas('POST', `/persons/${id}/members`, { reason: 'Parcours IAE en chantier d’insertion' });
    expect(asked.status).toBe(202);
    expect((await thomas('GET', `/persons/${id}`)).status).toBe(404);

    // Camille voit la demande et l’accepte.
    const pending = await camille('GET', `/persons/${id}/members`);
    expect(pending.body.map((m: any) => [m.professional.firstName, m.status])).toEqual([['Camille', 'active'], ['Thomas', 'pending']]);
    expect(pending.body[0]).not.toHaveProperty('email');
    expect((await camille('POST', `/persons/${id}/join-requests/${thomasId}/accept`)).status).toBe(200);

    // Thomas lit la fiche et affiche le téléphone de Camille.
    const card = await thomas('GET', `/persons/${id}`);
    expect(card.status).toBe(200);
    expect(card.body.situation.flags).toEqual({ rsa: true });
    expect(card.headers.get('etag')).toBe('"1"');
    const contact = await thomas('POST', `/persons/${id}/members/${camilleId}/contact`);
    expect(contact.body).toEqual({ email: CAMILLE.email, phone: CAMILLE.phone });

    // Thomas devient référent, puis met fin à son suivi.
    const referent = await thomas('PATCH', `/persons/${id}/members/me`, { isReferent: true });
    expect(referent.body).toMatchObject({ isReferent: true, status: 'active' });
    expect((await camille('GET', `/persons/${id}`)).body.referentProId).toBe(thomasId);
    const ended = await thomas('PATCH', `/persons/${id}/members/me`, { ended: true });
    expect(ended.body).toMatchObject({ status: 'ended', endReason: 'manual', isReferent: false });

    // L’historique montre les deux ; Thomas ne voit plus le dossier mais le garde dans ses suivis terminés.
    const history = await camille('GET', `/persons/${id}/members`);
    expect(history.body.map((m: any) => [m.professional.firstName, m.status])).toEqual([['Camille', 'active'], ['Thomas', 'ended']]);
    expect((await thomas('GET', `/persons/${id}`)).status).toBe(404);
    expect((await thomas('GET', '/follow-ups?status=ended')).body.items.map((f: any) => f.person.firstName)).toEqual(['Léa']);
    expect((await camille('GET', `/persons/${id}`)).body.referentProId).toBeUndefined();

    // Le journal raconte chaque étape, la plus récente d’abord.
    const audit = await camille('GET', `/persons/${id}/audit`);
    const steps = audit.body.items.map((e: any) => [e.kind, e.actorId === camilleId ? 'Camille' : 'Thomas']).reverse();
    expect(steps).toEqual([
      ['person_created', 'Camille'],
      ['looked_up', 'Thomas'],
      ['join_requested', 'Thomas'],
      ['members_read', 'Camille'],
      ['join_accepted', 'Camille'],
      ['card_read', 'Thomas'],
      ['contact_revealed', 'Thomas'],
      ['referent_changed', 'Thomas'],
      ['card_read', 'Camille'],
      ['follow_up_ended', 'Thomas'],
      ['members_read', 'Camille'],
      ['card_read', 'Camille'],
    ]);
  });

  it('CORS répond aux pages autorisées seulement', async () => {
    const preflight = (origin: string) =>
      fetch(`${stack.apiUrl}/persons/lookup`, {
        method: 'OPTIONS',
        headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization, content-type' },
      });
    const allowed = await preflight(stack.apiUrl);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(stack.apiUrl);
    const refused = await preflight('https://site-malveillant.exemple');
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('une invitation part par e-mail (flux DynamoDB lu, SES local) et son lien fait entrer l’invitée dans le groupe', async () => {
    const ines = await speaker({ ...THOMAS, email: 'ines.moreau.e2e@missionlocale-lyon.demo', firstName: 'Inès', lastName: 'Moreau' });
    const person = await camille('POST', '/persons', { identity: { firstName: 'Noé', lastName: 'Bernard', birthDate: '2001-07-04' }, reason: 'CEJ' });
    const invited = await camille('POST', `/persons/${person.body.id}/invitations`, { email: 'ines.moreau.e2e@missionlocale-lyon.demo' });
    expect(invited.status).toBe(201);

    await stack.drainStream();
    const { emails } = await fetch(`${stack.ses.endpoint}/store`).then((r) => r.json());
    const email = emails.find((e: { destination: { to: string[] } }) => e.destination.to.includes('ines.moreau.e2e@missionlocale-lyon.demo'));
    const token = /#([A-Za-z0-9_-]{43})/.exec(email.body.text)![1];
    const accepted = await ines('POST', '/invitations/accept', { token });

    expect(accepted.status).toBe(201);
    expect(accepted.body).toMatchObject({ personId: person.body.id, source: 'invitation', status: 'active' });
    expect((await ines('GET', `/persons/${person.body.id}`)).status).toBe(200);
    expect((await ines('POST', '/invitations/accept', { token })).status).toBe(410);
  });

  it('les statistiques comptent ce qui vient de se passer', async () => {
    await stack.drainStream();
    const today = new Date().toISOString().slice(0, 10);
    const stats = await camille('GET', `/stats?from=${today}&to=${today}`);

    expect(stats.status).toBe(200);
    expect(stats.body.daily.invitations_sent.total).toEqual([1]);
    expect(stats.body.daily.invitations_accepted.byOrganizationKind).toEqual({ france_travail: [1] });
    expect(stats.body.daily.links_created.total[0]).toBeGreaterThanOrEqual(4);
    expect(stats.body.weekly.active_professionals.total).toEqual([3]);
  });
});

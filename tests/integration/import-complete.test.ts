import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import { SYSTEM_ACTOR } from '#domain/audit-event.ts';
import { IMPORT_PROVENANCE } from '#domain/federation.ts';
import { declareComplete, type CompleteDeclaration } from '#domain/import-row.ts';
import { countedBy } from '#domain/stats.ts';
import { listAuditEvents } from '#store/audit.ts';
import type { Store } from '#store/client.ts';
import { getFollowUp } from '#store/follow-ups.ts';
import { keys } from '#store/keys.ts';
import { getPerson, personIdByIdentity } from '#store/persons.ts';
import { indexProfessionals, professionalIdByEmail } from '#store/professionals.ts';
import { startS3Bucket } from '#tests/support/s3-bucket.ts';
import { dynamoDbEndpoint, testStore } from '#tests/support/store.ts';
import { invalidItems, scanTable } from '#tests/support/stored-items.ts';
import type { ChunkMessage } from '../../functions/import/chunks.ts';
import { importFile } from '../../functions/import/import-file.ts';
import { folderObjects } from '../../functions/import/objects.ts';
import { importLocally, type LocalImport } from '../../functions/import/run-locally.ts';
import { completeOfKey, planS3Object } from '../../functions/import/s3-import.ts';

/** France Travail Lyon, whose complete files these are, and a mission locale beside it. */
const FT = '13000548100010';
const ML = '21690123400019';
const HEADER = 'nom;prenom;date_naissance;pro_email;pro_nom;pro_prenom;structure_siret;structure_nom;structure_type;debut;referent;certifie';
const PERSONS = {
  A: ['Dubois', 'Léa', '1994-03-12'],
  B: ['Martin', 'Hugo', '1990-01-05'],
  C: ['Petit', 'Zoé', '1988-07-21'],
  D: ['Garcia', 'Inès', '1979-11-30'],
  E: ['Nguyen', 'Karim', '2001-05-17'],
} as const;
type Who = keyof typeof PERSONS;
const ORGS = { [FT]: 'France Travail Lyon;france_travail', [ML]: 'Mission locale de Lyon;mission_locale' };

/** One line: who, followed by which professional, for which organization, referent and certified or not. */
const line = (who: Who, email: string, siret: string, { referent = false, certified = false, debut = '' } = {}) =>
  [...PERSONS[who], email, 'Conseil', 'Camille', siret, ORGS[siret as keyof typeof ORGS], debut, referent ? 'oui' : 'non', certified ? 'oui' : 'non'].join(';');
const csv = (...lines: string[]) => `${[HEADER, ...lines].join('\n')}\n`;
const complete = (sirets: string[], confirmEmpty: string[] = []): CompleteDeclaration => ({ sirets, ...(confirmEmpty.length ? { confirmEmpty } : {}) });

/** The first file: A and B followed by a@ (certified referent of both), B also by the mission locale, C by b@ (certified referent). */
const FIRST = csv(
  line('A', 'a@ft.fr', FT, { referent: true, certified: true }),
  line('B', 'a@ft.fr', FT, { referent: true, certified: true }),
  line('B', 'm@ml.fr', ML),
  line('C', 'b@ft.fr', FT, { referent: true, certified: true }),
);
/** France Travail's next complete file: B is gone, and b@ is no longer C's referent. */
const SECOND = csv(line('A', 'a@ft.fr', FT, { referent: true, certified: true }), line('C', 'b@ft.fr', FT));

/** The chunked import, as `npm run import` runs it: chunks of 2 lines, 2 workers, in a folder of its own. */
async function runImport(store: Store, text: string, declaration?: CompleteDeclaration, options: Partial<LocalImport> = {}) {
  const work = await mkdtemp(join(tmpdir(), 'gps-complet-'));
  try {
    const result = await importLocally({ store, objects: folderObjects(work), fileKey: 'ft.csv', reportKey: 'rapport.csv', bytes: Buffer.from(text, 'utf8'), workers: 2, chunkSize: 2, ...(declaration ? { complete: declaration } : {}), ...options });
    if ('unreadable' in result) throw new Error(result.unreadable);
    return result;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

const idOf = async (store: Store, who: Who) => (await personIdByIdentity(store, { lastName: PERSONS[who][0], firstName: PERSONS[who][1], birthDate: PERSONS[who][2] }))!;
const proOf = async (store: Store, email: string) => (await professionalIdByEmail(store, email))!;
const linkOf = async (store: Store, who: Who, email: string) => getFollowUp(store, await idOf(store, who), await proOf(store, email));
/** The table but the import jobs (each run records its own): what an import changes in GPS. */
const gpsItems = async (store: Store) => (await scanTable(store)).filter((item) => item.entity !== 'import_job').sort((a, b) => `${a.PK} ${a.SK}`.localeCompare(`${b.PK} ${b.SK}`));
const activeLinks = async (store: Store) => (await scanTable(store)).filter((item) => item.entity === 'follow_up' && item.status === 'active').length;
/** The report's lines the completion added (no line number). */
const completionLines = (report: string) => report.trim().split('\n').filter((row) => row.startsWith(';'));

describe('France Travail’s next complete file ends the follow-ups it no longer lists', () => {
  it('a second file without B ends B’s link (import), removes the certifications it no longer gives, lists them in the report; the mission locale’s link stays; running it again changes nothing', async () => {
    const store = await testStore();
    await runImport(store, FIRST);
    const [b, c] = [await idOf(store, 'B'), await idOf(store, 'C')];
    expect((await getPerson(store, b))!.referentProId).toBe(await proOf(store, 'a@ft.fr'));

    const second = await runImport(store, SECOND, complete([FT]));

    expect(await linkOf(store, 'B', 'a@ft.fr')).toMatchObject({ status: 'ended', endReason: 'import', isReferent: false, certified: false });
    expect((await getPerson(store, b))!.referentProId).toBeUndefined();
    expect(await linkOf(store, 'B', 'm@ml.fr')).toMatchObject({ status: 'active' });
    expect(await linkOf(store, 'A', 'a@ft.fr')).toMatchObject({ status: 'active', isReferent: true, certified: true });
    // Listed but no longer made referent: the certification goes, the role stays (the file's « non » moves no role).
    expect(await linkOf(store, 'C', 'b@ft.fr')).toMatchObject({ status: 'active', isReferent: true, certified: false });
    expect(second.completion).toEqual([
      { outcome: 'ended', siret: FT, personId: b, proEmail: 'a@ft.fr', reason: `Structure ${FT}, a@ft.fr : absent du fichier complet, suivi terminé.` },
      { outcome: 'certification_removed', siret: FT, personId: c, proEmail: 'b@ft.fr', reason: `Structure ${FT}, b@ft.fr : plus désigné référent par le fichier complet, certification retirée.` },
    ]);
    expect(second.report.trim().split('\n')).toEqual([
      'ligne;resultat;personne;motif',
      `2;unchanged;${await idOf(store, 'A')};`,
      `3;unchanged;${c};`,
      `;ended;${b};Structure ${FT}, a@ft.fr : absent du fichier complet, suivi terminé.`,
      `;certification_removed;${c};Structure ${FT}, b@ft.fr : plus désigné référent par le fichier complet, certification retirée.`,
    ]);
    expect(second.report).not.toContain('Martin');

    // GPS's act on the file's word: the system actor, the member as target, the import's provenance; counted as a link ended.
    const ended = (await listAuditEvents(store, b)).items[0]!;
    expect(ended).toMatchObject({ kind: 'follow_up_ended', actorId: SYSTEM_ACTOR, targetProId: await proOf(store, 'a@ft.fr'), issuer: IMPORT_PROVENANCE.issuer });
    expect(countedBy(ended)).toEqual([{ metric: 'links_ended', proId: await proOf(store, 'a@ft.fr') }]);
    const uncertified = (await listAuditEvents(store, c)).items[0]!;
    expect(uncertified).toMatchObject({ kind: 'referent_changed', actorId: await proOf(store, 'b@ft.fr'), targetProId: await proOf(store, 'b@ft.fr'), issuer: IMPORT_PROVENANCE.issuer });
    expect(invalidItems(await scanTable(store))).toEqual([]);

    const before = await gpsItems(store);
    const again = await runImport(store, SECOND, complete([FT]));
    expect(again.completion).toEqual([]);
    expect(completionLines(again.report)).toEqual([]);
    expect(await gpsItems(store)).toEqual(before);
  }, 60_000);

  it('--dry-run says what would end and writes nothing', async () => {
    const store = await testStore();
    await runImport(store, FIRST);
    const before = await scanTable(store);

    const dry = await importFile(store, Buffer.from(SECOND, 'utf8'), { dryRun: true, complete: complete([FT]) });

    expect(dry).toMatchObject({ counts: { valid: 2 } });
    expect('completion' in dry && dry.completion!.map(({ outcome, personId, proEmail }) => ({ outcome, personId, proEmail }))).toEqual([
      { outcome: 'would_end', personId: await idOf(store, 'B'), proEmail: 'a@ft.fr' },
      { outcome: 'would_remove_certification', personId: await idOf(store, 'C'), proEmail: 'b@ft.fr' },
    ]);
    expect(completionLines(dry.report)).toEqual([
      `;would_end;${await idOf(store, 'B')};Structure ${FT}, a@ft.fr : absent du fichier complet, le suivi serait terminé.`,
      `;would_remove_certification;${await idOf(store, 'C')};Structure ${FT}, b@ft.fr : plus désigné référent par le fichier complet, la certification serait retirée.`,
    ]);
    expect(await scanTable(store)).toEqual(before);
  });

  it('a complete file without one line of the organization ends nothing, unless its emptiness is confirmed', async () => {
    const store = await testStore();
    await runImport(store, FIRST);
    const active = await activeLinks(store);
    const refusal = `Structure ${FT} : aucune ligne importée dans ce fichier déclaré complet, rien n’a été terminé. Si elle ne suit vraiment plus personne, confirmez-le (--confirm-empty ${FT}, ou le dossier imports/complet/${FT}/confirmer-vide/).`;

    // Only the mission locale's lines (a file cut at the wrong place), then the header alone (no chunk: the planner completes).
    const otherOnly = await runImport(store, csv(line('B', 'm@ml.fr', ML)), complete([FT]));
    const headerOnly = await runImport(store, csv(), complete([FT]));
    // Every line of France Travail refused is no line either.
    const allRefused = await runImport(store, csv(line('A', 'a@ft.fr', FT, { debut: '2025-13-45' })), complete([FT]));

    for (const result of [otherOnly, headerOnly, allRefused]) {
      expect(result.completion).toEqual([{ outcome: 'complete_refused', siret: FT, reason: refusal }]);
      expect(completionLines(result.report)).toEqual([`;complete_refused;;${refusal.replace(/;/g, ',')}`]);
    }
    expect(await activeLinks(store)).toBe(active);

    const confirmed = await runImport(store, csv(), complete([FT], [FT]));
    expect(confirmed.completion!.map((entry) => [entry.outcome, entry.proEmail])).toEqual(
      expect.arrayContaining([
        ['ended', 'a@ft.fr'],
        ['ended', 'a@ft.fr'],
        ['ended', 'b@ft.fr'],
      ]),
    );
    expect(confirmed.completion).toHaveLength(3);
    expect(await linkOf(store, 'B', 'm@ml.fr')).toMatchObject({ status: 'active' });
    expect(await activeLinks(store)).toBe(1);
  }, 60_000);

  it('only the organization’s links made for it end: another organization’s, and a professional’s links from before they joined it, stay', async () => {
    const store = await testStore();
    await runImport(store, FIRST);
    // x@ followed D for the mission locale, then joined France Travail and followed E there.
    await runImport(store, csv(line('D', 'x@ft.fr', ML)));
    await runImport(store, csv(line('E', 'x@ft.fr', FT)));
    expect(await linkOf(store, 'D', 'x@ft.fr')).toMatchObject({ status: 'active', organization: { siret: ML } });

    const result = await runImport(store, csv(line('A', 'a@ft.fr', FT, { referent: true, certified: true }), line('B', 'a@ft.fr', FT, { referent: true, certified: true }), line('C', 'b@ft.fr', FT, { referent: true, certified: true })), complete([FT]));

    expect(result.completion!.map((entry) => [entry.outcome, entry.personId, entry.proEmail])).toEqual([['ended', await idOf(store, 'E'), 'x@ft.fr']]);
    expect(await linkOf(store, 'D', 'x@ft.fr')).toMatchObject({ status: 'active' });
    expect(await linkOf(store, 'B', 'm@ml.fr')).toMatchObject({ status: 'active' });
  }, 60_000);

  it('a line of the organization refused keeps the links of the person it names; a file with unreadable records completes nothing', async () => {
    const store = await testStore();
    await runImport(store, FIRST);
    const b = await idOf(store, 'B');

    const refusedLine = await runImport(store, csv(line('A', 'a@ft.fr', FT, { referent: true, certified: true }), line('B', 'a@ft.fr', FT, { debut: '2025-13-45' })), complete([FT]));
    expect(refusedLine.counts.rejected).toBe(1);
    expect(refusedLine.completion!.map((entry) => [entry.outcome, entry.personId, entry.proEmail])).toEqual([
      ['not_ended', b, 'a@ft.fr'],
      ['ended', await idOf(store, 'C'), 'b@ft.fr'],
    ]);
    expect(await linkOf(store, 'B', 'a@ft.fr')).toMatchObject({ status: 'active', certified: true });

    const malformed = await runImport(store, csv(line('A', 'a@ft.fr', FT, { referent: true, certified: true }), `Mar"tin;Hugo;1990-01-05;a@ft.fr;Conseil;Camille;${FT};France Travail Lyon;france_travail;;non;non`), complete([FT]));
    expect(malformed.completion).toEqual([
      { outcome: 'complete_refused', siret: FT, reason: `Structure ${FT} : 1 ligne illisible dans ce fichier déclaré complet (voir leurs motifs) : corrigez-les et importez de nouveau le fichier. Aucun suivi n’a été terminé.` },
    ]);
    expect(await linkOf(store, 'B', 'a@ft.fr')).toMatchObject({ status: 'active' });
  }, 60_000);

  it('a completion cut short (the worker’s time) is finished by the chunk’s redelivery, which reports what the first attempt ended too', async () => {
    const store = await testStore();
    const gone = Array.from({ length: 12 }, (_, index) => [`Parti${String.fromCharCode(97 + index)}`, 'Léa', '1994-03-12', 'a@ft.fr', 'Conseil', 'Camille', FT, ORGS[FT], '', 'non', 'non'].join(';'));
    await runImport(store, csv(line('A', 'a@ft.fr', FT), ...gone), undefined, { chunkSize: 100 });

    // One chunk of one line: Lambda's clock is asked before the line, after it, and before each batch of 8 ends.
    let asked = 0;
    const result = await runImport(store, csv(line('A', 'a@ft.fr', FT)), complete([FT]), {
      chunkSize: 100,
      timeLeft: (_, receive) => () => (receive > 1 || (asked += 1) <= 3 ? 900_000 : 0),
    });

    expect(result.attempts.get(0)).toBe(2);
    expect(result.completion!.filter((entry) => entry.outcome === 'ended')).toHaveLength(12);
    expect(completionLines(result.report)).toHaveLength(12);
    expect(await activeLinks(store)).toBe(1);
  }, 60_000);

  it('professionals registered before the organization index are found once indexed (npm run index-professionals)', async () => {
    const store = await testStore();
    await runImport(store, FIRST);
    // A profile as written before the index existed.
    await store.doc.send(new UpdateCommand({ TableName: store.table, Key: keys.professional(await proOf(store, 'a@ft.fr')), UpdateExpression: 'REMOVE GSI1PK, GSI1SK' }));

    expect((await runImport(store, SECOND, complete([FT]))).completion!.map((entry) => entry.outcome)).toEqual(['certification_removed']);
    expect(await linkOf(store, 'B', 'a@ft.fr')).toMatchObject({ status: 'active' });

    expect(await indexProfessionals(store)).toEqual({ indexed: 1 });
    expect(await indexProfessionals(store)).toEqual({ indexed: 0 });
    expect((await runImport(store, SECOND, complete([FT]))).completion!.map((entry) => entry.outcome)).toEqual(['ended']);
    expect(await linkOf(store, 'B', 'a@ft.fr')).toMatchObject({ status: 'ended', endReason: 'import' });
  }, 60_000);
});

describe('declaring a file complete', () => {
  it('takes SIRETs, repeated or comma-separated, and refuses anything else in French', () => {
    expect(declareComplete([`${FT},${ML}`, '130 005 481 00010'], [])).toEqual({ declaration: { sirets: [FT, ML] } });
    expect(declareComplete([FT], [FT])).toEqual({ declaration: { sirets: [FT], confirmEmpty: [FT] } });
    expect(declareComplete([], [])).toEqual({});
    expect(declareComplete(['1300054810001'], [])).toEqual({ error: '--complete : « 1300054810001 » n’est pas un SIRET (14 chiffres, espaces permis).' });
    expect(declareComplete([FT], [ML])).toEqual({ error: `--confirm-empty ${ML} : ce SIRET n’est pas déclaré complet (--complete ${ML}).` });
    expect(declareComplete([], [FT])).toMatchObject({ error: expect.stringContaining('--confirm-empty ne vaut qu’avec --complete') });
    expect(completeOfKey('imports/2026/rhone.csv')).toEqual({});
    expect(completeOfKey(`imports/complet/${FT}/2026-12.csv`)).toEqual({ declaration: { sirets: [FT] } });
    expect(completeOfKey(`imports/complet/${FT}/confirmer-vide/2026-12.csv`)).toEqual({ declaration: { sirets: [FT], confirmEmpty: [FT] } });
    expect(completeOfKey('imports/complet/lyon/2026-12.csv')).toMatchObject({ refused: expect.stringContaining('« lyon » n’est pas un SIRET') });
  });

  it('npm run import -- --complete: a dry run first, then the import; a SIRET that is none stops it before anything', async () => {
    const store = await testStore();
    await runImport(store, FIRST);
    const folder = await mkdtemp(join(tmpdir(), 'gps-complet-cli-'));
    const file = join(folder, 'ft.csv');
    await writeFile(file, SECOND);
    const env = { ...process.env, GPS_TABLE: store.table, GPS_IDENTITY_SECRET: store.identitySecret, GPS_DYNAMODB_ENDPOINT: dynamoDbEndpoint() };
    const run = (...args: string[]) =>
      promisify(execFile)('npx', ['tsx', 'functions/import/cli.ts', file, ...args], { env, cwd: process.cwd() }).then(
        ({ stdout }) => ({ code: 0, stdout, stderr: '' }),
        (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
      );
    try {
      const wrong = await run('--complete', '1300054810001');
      expect(wrong.code).toBe(2);
      expect(wrong.stderr).toContain('--complete : « 1300054810001 » n’est pas un SIRET (14 chiffres, espaces permis).');

      const before = await scanTable(store);
      const dry = await run('--complete', FT, '--dry-run');
      expect(dry.stdout).toContain(`Import complet (${FT}), vérification : 1 suivi serait terminé, 1 certification serait retirée. Rien n’a été écrit.`);
      expect(await scanTable(store)).toEqual(before);

      const real = await run('--complete', FT);
      expect(real.code).toBe(0);
      expect(real.stdout).toContain(`Import complet (${FT}) : 1 suivi terminé, 1 certification retirée.`);
      expect(completionLines(await readFile(join(folder, 'ft.rapport.csv'), 'utf8'))).toHaveLength(2);
      expect(await linkOf(store, 'B', 'a@ft.fr')).toMatchObject({ status: 'ended', endReason: 'import' });

      const empty = join(folder, 'vide.csv');
      await writeFile(empty, csv());
      const refused = await promisify(execFile)('npx', ['tsx', 'functions/import/cli.ts', empty, '--complete', FT], { env }).catch((error: { code: number; stderr: string }) => error);
      expect(refused).toMatchObject({ code: 1, stderr: expect.stringContaining('aucune ligne importée dans ce fichier déclaré complet') });
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }, 90_000);
});

describe('a complete file dropped under imports/complet/<siret>/ of the import bucket', () => {
  const BUCKET = 'gps-imports';
  let s3: Awaited<ReturnType<typeof startS3Bucket>>;
  let worker: (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

  beforeAll(async () => {
    s3 = await startS3Bucket(BUCKET);
    for (const [name, value] of Object.entries({ GPS_IMPORT_BUCKET: BUCKET, GPS_IMPORT_QUEUE_URL: 'https://sqs.eu-west-3.amazonaws.com/123456789012/jamais-appelee', AWS_REGION: 'eu-west-3', ...s3.environment })) vi.stubEnv(name, value);
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await s3.close();
  });

  it('completes France Travail after the last chunk and writes the ended link in the report; a folder that is no SIRET imports nothing', async () => {
    const store = await testStore();
    vi.stubEnv('GPS_TABLE', store.table);
    vi.stubEnv('GPS_IDENTITY_SECRET', store.identitySecret);
    vi.stubEnv('GPS_DYNAMODB_ENDPOINT', dynamoDbEndpoint());
    ({ handler: worker } = await import('../../functions/import/chunk-lambda.ts'));
    await runImport(store, FIRST);
    const plan = async (key: string) => {
      const messages: ChunkMessage[] = [];
      const result = await planS3Object({ s3: new S3Client({}), store, send: async (sent) => void messages.push(...sent) }, BUCKET, key, `seq-${key}`, { chunkSize: 1 });
      return { result, messages };
    };
    const deliver = (message: ChunkMessage) =>
      worker({ Records: [{ messageId: `m-${message.chunk}`, body: JSON.stringify(message), attributes: { ApproximateReceiveCount: '1' } }] } as unknown as SQSEvent, { getRemainingTimeInMillis: () => 900_000 } as Context);

    const key = `imports/complet/${FT}/2026-12.csv`;
    await s3.objects.set(`${BUCKET}/${key}`, SECOND);
    const { messages } = await plan(key);
    expect(messages.length).toBeGreaterThanOrEqual(1);
    expect(messages.every((message) => message.complete?.sirets[0] === FT)).toBe(true);
    for (const message of messages) expect(await deliver(message)).toEqual({ batchItemFailures: [] });

    const report = (await s3.objects.get(`${BUCKET}/rapports/complet/${FT}/2026-12.rapport.csv`))!.toString('utf8');
    expect(completionLines(report)).toEqual([
      `;ended;${await idOf(store, 'B')};Structure ${FT}, a@ft.fr : absent du fichier complet, suivi terminé.`,
      `;certification_removed;${await idOf(store, 'C')};Structure ${FT}, b@ft.fr : plus désigné référent par le fichier complet, certification retirée.`,
    ]);
    expect(await linkOf(store, 'B', 'a@ft.fr')).toMatchObject({ status: 'ended', endReason: 'import' });

    const before = await scanTable(store);
    const wrong = 'imports/complet/lyon/2026-12.csv';
    await s3.objects.set(`${BUCKET}/${wrong}`, FIRST);
    expect((await plan(wrong)).result).toMatchObject({ unreadable: expect.stringContaining('« lyon » n’est pas un SIRET') });
    expect((await s3.objects.get(`${BUCKET}/rapports/complet/lyon/2026-12.rapport.csv`))!.toString('utf8')).toContain('Rien n’a été importé.');
    expect(await scanTable(store)).toEqual(before);
  }, 60_000);
});

import { describe, expect, it } from 'vitest';
import type { Store } from '#store/client.ts';
import { testStore } from '#tests/support/store.ts';
import { generateImport, handEditedImport, pngImage, randomBytes } from '#tests/support/import-csv.ts';
import { scanTable } from '#tests/support/stored-items.ts';
import { importFile } from '../../functions/import/import-file.ts';
import { importRows } from '../../functions/import/import-rows.ts';
import { readCsv } from '../../functions/import/read-csv.ts';

/** The end state of an import, independent of ids and timings: who follows whom, and how. */
async function endState(store: Store) {
  const items = await scanTable(store);
  const persons = new Map(items.filter((i) => i.entity === 'person').map((i) => [i.id, i]));
  const pros = new Map(items.filter((i) => i.entity === 'professional').map((i) => [i.id, i.email]));
  const links = items.filter((i) => i.entity === 'follow_up');
  return {
    persons,
    links,
    summary: links
      .map((l) => {
        const person = persons.get(l.personId)!;
        return `${person.identity.lastName}|${person.identity.birthDate}|${pros.get(l.proId)}|${l.status}|${l.isReferent}|${l.certified}|${l.source}`;
      })
      .sort(),
  };
}

describe('importing a département’s follow-up links', () => {
  it('an interrupted run, resumed, ends as a single run does', async () => {
    const lines = readCsv(Buffer.from(generateImport(150, { seed: 7 }).csv, 'utf8'));
    const [interrupted, whole] = [await testStore(), await testStore()];
    const stop = new AbortController();

    const partial = await importRows(interrupted, lines, { signal: stop.signal, onProgress: (done) => done >= 200 && stop.abort() });
    expect(partial.length).toBeLessThan(lines.length);
    await importRows(interrupted, lines);
    await importRows(whole, lines);

    expect((await endState(interrupted)).summary).toEqual((await endState(whole)).summary);

    // The same file again changes nothing: every line `unchanged`, the bad ones refused again.
    const again = await importRows(whole, lines);
    const rejected = again.filter((r) => r.outcome === 'rejected');
    expect(rejected.length).toBeGreaterThan(0);
    expect(again.filter((r) => r.outcome !== 'rejected').every((r) => r.outcome === 'unchanged')).toBe(true);
    expect((await endState(whole)).summary).toEqual((await endState(interrupted)).summary);
  }, 300_000);

  it('moves the certified referent atomically when a later file names another one', async () => {
    const store = await testStore();
    const file = (referent: string) =>
      readCsv(
        Buffer.from(
          [
            'nom;prenom;date_naissance;pro_email;pro_nom;pro_prenom;structure_siret;structure_nom;structure_type;referent;certifie',
            `Dubois;Léa;1994-03-12;a@ft.fr;Martin;Camille;13000548100010;France Travail;france_travail;${referent === 'a' ? 'oui;oui' : 'non;non'}`,
            `Dubois;Léa;1994-03-12;b@ft.fr;Petit;Karim;13000548100010;France Travail;france_travail;${referent === 'b' ? 'oui;oui' : 'non;non'}`,
          ].join('\n'),
        ),
      );
    await importRows(store, file('a'));
    const moved = await importRows(store, file('b'));
    const { links, persons } = await endState(store);
    const emails = new Map((await scanTable(store)).filter((i) => i.entity === 'professional').map((i) => [i.id, i.email]));

    expect(moved.map((r) => r.outcome)).toEqual(['unchanged', 'updated']);
    expect(links.filter((l) => l.isReferent).map((l) => [emails.get(l.proId), l.certified])).toEqual([['b@ft.fr', true]]);
    expect(links.find((l) => emails.get(l.proId) === 'a@ft.fr')).toMatchObject({ isReferent: false, certified: false, status: 'active' });
    expect(emails.get([...persons.values()][0]!.referentProId)).toBe('b@ft.fr');
  });

  it('reads Windows-1252 and “,” as it reads UTF-8 and “;”, and a dry run writes nothing', async () => {
    const utf8 = 'Nom;Prénom;Date de naissance;pro_email;pro_nom;pro_prenom;structure_siret;structure_nom;structure_type\nLefèvre;Éloïse;12/03/1994;a@ft.fr;Martin;Camille;13000548100010;France Travail Lyon;france_travail\n';
    const latin1 = Buffer.from(utf8.replaceAll(';', ','), 'latin1');
    const [fromUtf8, fromLatin1] = [readCsv(Buffer.from(`\uFEFF${utf8}`, 'utf8')), readCsv(latin1)];
    expect(fromLatin1).toEqual(fromUtf8);
    expect(fromUtf8[0]).toMatchObject({ values: { nom: 'Lefèvre', prenom: 'Éloïse', date_naissance: '12/03/1994' } });

    const store = await testStore();
    const dry = await importRows(store, fromUtf8, { dryRun: true });
    expect(dry).toEqual([{ line: 2, outcome: 'valid' }]);
    expect(await scanTable(store)).toEqual([]);
  });
  it('a UTF-8 file one line of which was saved as Windows-1252 reads each line in its own encoding', () => {
    const header = 'nom;prenom;date_naissance\n';
    const bytes = Buffer.concat([Buffer.from(`${header}Lefèvre;Éloïse;12/03/1994\n`, 'utf8'), Buffer.from('Lefèvre;Noé;01/02/1990\n', 'latin1')]);
    expect(readCsv(bytes).map((line) => 'values' in line && line.values.prenom)).toEqual(['Éloïse', 'Noé']);
  });

  it('reads quoted values (separators, doubled quotes, line breaks), skips empty rows, and numbers each record by its first line', () => {
    const csv = ['nom;prenom;role', 'Dubois;Léa;"Accompagnement; social"', 'Martin;"Jean ""JP"" Pierre";"Suivi', 'renforcé"', '', ';;', 'Petit;Karim;Référent'].join('\r\n');
    expect(readCsv(Buffer.from(csv, 'utf8'))).toEqual([
      { line: 2, values: { nom: 'Dubois', prenom: 'Léa', role: 'Accompagnement; social' } },
      { line: 3, values: { nom: 'Martin', prenom: 'Jean "JP" Pierre', role: 'Suivi\nrenforcé' } },
      { line: 7, values: { nom: 'Petit', prenom: 'Karim', role: 'Référent' } },
    ]);
  });

  it('a hand-edited file of 1,000 lines: its 5 malformed records are refused, each with its line and a French reason, and the 995 others imported', async () => {
    const file = handEditedImport(1_000, { 2: 'wrongColumnCount', 250: 'unclosedQuote', 255: 'strayQuote', 600: 'nulByte', 1001: 'hugeField' }, { seed: 5 });
    const bytes = Buffer.from(file.csv, 'utf8');
    const store = await testStore();
    const refused = (report: string) =>
      report
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => line.split(';'))
        .filter(([, outcome]) => outcome === 'rejected')
        .map(([line, , , reason]) => [Number(line), reason]);
    const reasons = [
      [2, expect.stringMatching(/^17 colonnes au lieu des 16 de la ligne d’en-têtes : un point-virgule en trop/)],
      [250, expect.stringMatching(/^Guillemet jamais refermé dans la colonne « nom »/)],
      [255, expect.stringMatching(/^Guillemet isolé dans la colonne « nom »/)],
      [600, expect.stringMatching(/^Caractère invisible \(octet nul ou caractère de contrôle\) dans la colonne « prenom »/)],
      [1001, expect.stringMatching(/^Ligne trop longue \(100 \d{3} caractères, au plus 10 000\) : la colonne « role » en compte 100 000\.$/)],
    ];

    const dry = await importFile(store, bytes, { dryRun: true });
    if ('unreadable' in dry) throw new Error(dry.unreadable);
    expect(dry.counts).toEqual({ created: 0, updated: 0, unchanged: 0, rejected: 5, valid: 995 });
    expect(refused(dry.report)).toEqual(reasons);
    expect(await scanTable(store)).toEqual([]);

    const result = await importFile(store, bytes);
    if ('unreadable' in result) throw new Error(result.unreadable);
    expect(result).toMatchObject({ lines: 1_000, notReached: 0, counts: { created: 995, updated: 0, unchanged: 0, rejected: 5, valid: 0 } });
    expect(refused(result.report)).toEqual(reasons);
    const state = await endState(store);
    expect(state.links).toHaveLength(file.links);
    expect(state.persons.size).toBe(file.persons);
    // The report says where and why, never what the line held.
    for (const trace of [...file.traces, 'xxxxxxxxxx', '\0']) expect(result.report).not.toContain(trace);
  }, 300_000);

  it.each([
    ['a PNG image', pngImage(), /^Fichier illisible : ce n’est pas un fichier CSV/],
    ['random bytes', randomBytes(20_000, 42), /^Fichier illisible : ce n’est pas un fichier CSV/],
    ['an Excel workbook', Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), randomBytes(4_000, 7)]), /^Fichier illisible : c’est un classeur/],
    ['a UTF-16 export', Buffer.from(`\uFEFF${generateImport(3).csv}`, 'utf16le'), /^Fichier illisible : il est encodé en UTF-16/],
    ['a text that is no import', Buffer.from('Bonjour,\nvoici le fichier demandé.\n', 'utf8'), /^Fichier illisible : sa première ligne ne nomme aucune des colonnes attendues/],
  ])('%s stops the import with a French message, before anything is written', async (_, bytes, message) => {
    const store = await testStore();
    expect(await importFile(store, bytes)).toEqual({ unreadable: expect.stringMatching(message), report: expect.stringContaining('Fichier illisible') });
    expect(await importFile(store, bytes, { dryRun: true })).toMatchObject({ unreadable: expect.stringMatching(message) });
    expect(await scanTable(store)).toEqual([]);
  });
});

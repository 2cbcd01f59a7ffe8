import { crc32, deflateSync } from 'node:zlib';
import { ORGANIZATION_KINDS } from '#domain/organization.ts';

const HEADER = 'nom;prenom;date_naissance;identifiant_france_travail;pro_email;pro_nom;pro_prenom;pro_telephone;structure_siret;structure_nom;structure_type;structure_departement;role;debut;referent;certifie';
const LAST_NAMES = ['Dubois', 'Martin', 'Bernard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Simon', 'Laurent', 'Lefèvre', 'Michel', 'Garcia', 'N’Diaye', 'Traoré', 'Nguyen'];
const FIRST_NAMES = ['Léa', 'Hugo', 'Chloé', 'Noé', 'Inès', 'Yanis', 'Zoé', 'Mamadou', 'Aïcha', 'Jean-Pierre', 'Éloïse', 'Karim'];

/** A 14-digit SIRET with a valid Luhn key, from a number. */
function siret(seed: number): string {
  const base = String(130005481000 + seed).padStart(13, '0');
  for (let check = 0; check < 10; check += 1) {
    const candidate = `${base}${check}`;
    const sum = [...candidate].reverse().reduce((total, digit, index) => {
      const value = Number(digit) * (index % 2 ? 2 : 1);
      return total + (value > 9 ? value - 9 : value);
    }, 0);
    if (sum % 10 === 0) return candidate;
  }
  throw new Error('unreachable');
}

export type GeneratedImport = {
  csv: string;
  /** What a correct import must leave, line for line. */
  expected: { persons: number; links: number; rejected: number; duplicates: number; referents: Map<string, { pro: string; certified: boolean }> };
};

/**
 * A département's export: `persons` persons followed by 2 to 4 professionals each, one of
 * them the referent (certified one time in three), plus exact duplicates and bad lines.
 * `firstPerson` numbers the persons (names, France Travail ids) from there: for files that must
 * not share persons.
 */
export function generateImport(persons: number, { professionals = 60, seed = 1, duplicates: withDuplicates = true, badLines = true, firstPerson = 0 } = {}): GeneratedImport {
  let state = seed;
  const random = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
  const pros = Array.from({ length: professionals }, (_, i) => {
    const kind = ORGANIZATION_KINDS[i % 6]!;
    return { email: `pro.${i}@structure${i % 12}.exemple.fr`, last: `Conseil${String.fromCharCode(65 + (i % 26))}`, first: 'Camille', siret: siret(i % 12), org: `Structure ${i % 12}`, kind, dep: i % 3 ? '69' : '' };
  });
  const lines: string[] = [];
  const referents = new Map<string, { pro: string; certified: boolean }>();
  let links = 0;
  let duplicates = 0;
  let rejected = 0;
  for (let p = 0; p < persons; p += 1) {
    const last = `${LAST_NAMES[p % LAST_NAMES.length]}-${[...String(p + firstPerson)].map((d) => String.fromCharCode(97 + Number(d))).join('')}`;
    const first = FIRST_NAMES[p % FIRST_NAMES.length]!;
    const birth = `${1960 + (p % 45)}-${String(1 + (p % 12)).padStart(2, '0')}-${String(1 + (p % 28)).padStart(2, '0')}`;
    const frenchBirth = birth.split('-').reverse().join('/');
    const ftId = p % 2 ? `${1000000 + p + firstPerson}A` : '';
    const count = 2 + Math.floor(random() * 3);
    const followers = new Set<number>();
    while (followers.size < count) followers.add(Math.floor(random() * pros.length));
    const referentIndex = Math.floor(random() * count);
    [...followers].forEach((proIndex, index) => {
      const pro = pros[proIndex]!;
      const isReferent = index === referentIndex;
      const certified = isReferent && p % 3 === 0;
      if (isReferent) referents.set(`${last}|${birth}`, { pro: pro.email, certified });
      const line = [last, first, p % 4 ? birth : frenchBirth, ftId, pro.email, pro.last, pro.first, '04 72 00 00 00', pro.siret, pro.org, pro.kind, pro.dep, index ? 'Accompagnement' : 'Référent RSA', '2025-09-01', isReferent ? 'oui' : 'non', certified ? 'oui' : 'non'].join(';');
      lines.push(line);
      links += 1;
      if (random() < 0.05 && withDuplicates) {
        lines.push(line);
        duplicates += 1;
      }
    });
    if (random() < 0.04 && badLines) {
      const bad = [
        [last, first, '31/02/1990', '', pros[0]!.email, 'X', 'Y', '', pros[0]!.siret, 'S', 'france_travail', '', '', '', 'non', 'non'],
        ['', first, birth, '', pros[0]!.email, 'X', 'Y', '', pros[0]!.siret, 'S', 'france_travail', '', '', '', 'non', 'non'],
        [last, first, birth, '', pros[1]!.email, 'X', 'Y', '', pros[1]!.siret, 'S', 'pole_emploi', '', '', '', 'non', 'non'],
        [last, first, birth, '', pros[2]!.email, 'X', 'Y', '', pros[2]!.siret, 'S', 'siae', '', '', '', 'non', 'oui'],
      ][p % 4]!;
      lines.push(bad.join(';'));
      rejected += 1;
    }
  }
  return { csv: `${HEADER}\n${lines.join('\n')}\n`, expected: { persons, links, rejected, duplicates, referents } };
}

/**
 * What hand-editing a spreadsheet export does to one line. Each must be refused alone, with
 * its line number, and the lines after it read as usual.
 */
export const MALFORMATIONS = {
  /** `Dub"ois-ab;…`: a quote in the middle of an unquoted value. */
  strayQuote: (line: string) => line.replace(/^(.{3})/, '$1"'),
  /** `"Dubois-ab;…` and no closing quote: a parser reading on would swallow the next lines. */
  unclosedQuote: (line: string) => `"${line}`,
  /** `Dub;ois-ab;…`: one column too many, every value after it shifted. */
  wrongColumnCount: (line: string) => line.replace(/^(.{3})/, '$1;'),
  /** A NUL byte pasted in the first name. */
  nulByte: (line: string) => line.replace(/;([^;]{2})/, ';$1\0'),
  /** A 100 KB cell (the role) pasted by mistake. */
  hugeField: (line: string) => line.split(';').map((value, index) => (index === 12 ? 'x'.repeat(100_000) : value)).join(';'),
} satisfies Record<string, (line: string) => string>;

export type Malformation = keyof typeof MALFORMATIONS;

/**
 * A file of `records` valid lines (line 1 is the header), each a distinct follow-up link, in
 * which the lines of `malformed` (by line number) are spoiled as MALFORMATIONS says.
 * `persons` and `links` are what the good lines alone must leave in GPS.
 */
export function handEditedImport(records: number, malformed: Record<number, Malformation>, { seed = 1, firstPerson = 0 } = {}) {
  const generated = generateImport(Math.ceil(records / 2), { seed, duplicates: false, badLines: false, firstPerson });
  const [header, ...lines] = generated.csv.trim().split('\n');
  const kept = lines.slice(0, records);
  if (kept.length < records) throw new Error(`only ${kept.length} lines generated`);
  const good = kept.filter((_, index) => !malformed[index + 2]);
  const spoiled = kept.map((line, index) => (malformed[index + 2] ? MALFORMATIONS[malformed[index + 2]!](line) : line));
  return {
    csv: `${[header, ...spoiled].join('\n')}\n`,
    /** Each person has a last name of its own. */
    persons: new Set(good.map((line) => line.split(';')[0])).size,
    links: good.length,
    /** What the spoiled lines hold that no report or log may repeat: each last name past its first 3 letters, which every malformation keeps. */
    traces: Object.keys(malformed).map((line) => kept[Number(line) - 2]!.split(';')[0]!.slice(3)),
  };
}

/** A genuine PNG image (4×4, random pixels): what a partner may drop instead of the export. */
export function pngImage(seed = 1): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(4, 0);
  header.writeUInt32BE(4, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const pixels = Buffer.concat(Array.from({ length: 4 }, (_, row) => Buffer.concat([Buffer.from([0]), randomBytes(12, seed + row)])));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(pixels)), chunk('IEND', Buffer.alloc(0))]);
}

/** Bytes from a seeded generator: the same "file" on every run. */
export function randomBytes(length: number, seed = 1): Buffer {
  let state = seed;
  return Buffer.from(Array.from({ length }, () => (state = (state * 1103515245 + 12345) % 2147483648) >>> 16 & 0xff));
}

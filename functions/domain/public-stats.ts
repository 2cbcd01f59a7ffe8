import * as z from './zod.ts';

/**
 * The public statistics (`GET /public/stats`, the page's « Statistiques publiques »): the same
 * counters as `/stats`, per ISO week, with every small cell suppressed, as statistical secrecy
 * asks of published aggregates. A cell is a count of one week in one category.
 */

/** Below this many, a cell is not published (« moins de 5 »); `GPS_PUBLIC_STATS_THRESHOLD` sets another. */
export const DEFAULT_PUBLIC_STATS_THRESHOLD = 5;

export const PublicStatsThreshold = z.coerce
  .number('GPS_PUBLIC_STATS_THRESHOLD : un nombre entier de 2 à 1000.')
  .int('GPS_PUBLIC_STATS_THRESHOLD : un nombre entier de 2 à 1000.')
  .min(2, 'GPS_PUBLIC_STATS_THRESHOLD : un nombre entier de 2 à 1000.')
  .max(1000, 'GPS_PUBLIC_STATS_THRESHOLD : un nombre entier de 2 à 1000.');

/** A published value: the count, or `null` when it is under the threshold (or hides one that is). */
export type Cell = number | null;

/** Categories of one breakdown (départements, kinds of organization, sources…), each a series aligned on the weeks. */
export type Axis = Record<string, readonly number[]>;

/**
 * Suppresses the cells of one count: its total and each breakdown of it, week by week.
 * - Primary: any cell under `threshold` (zero included, so that « moins de 5 » never tells a
 *   zero from a one) is `null`.
 * - Secondary: a breakdown adds up to its total, so the cells it hides add up to the total less
 *   the cells it shows. Where that difference would tell them (one hidden cell, or hidden cells
 *   that together hold less than `threshold`), the smallest cells shown are hidden too, until the
 *   hidden ones hold at least `threshold` together or all are hidden. A difference of zero is
 *   left as it is: it tells that the hidden cells are empty, which names nobody.
 * - A category whose cells are all hidden is left out: that it exists at all is not published.
 */
export function suppress(total: readonly number[], axes: Record<string, Axis>, threshold: number): { total: Cell[]; axes: Record<string, Record<string, Cell[]>> } {
  const shownTotal: Cell[] = total.map((value) => (value >= threshold ? value : null));
  const result: Record<string, Record<string, Cell[]>> = {};
  for (const [name, axis] of Object.entries(axes)) {
    const categories = Object.keys(axis).sort();
    const cells: Cell[][] = categories.map(() => []);
    total.forEach((sum, week) => {
      const values = categories.map((category) => axis[category]![week] ?? 0);
      const hidden = values.map((value) => value < threshold);
      if (shownTotal[week] !== null) {
        for (;;) {
          const hiddenCount = hidden.filter(Boolean).length;
          const residual = sum - values.reduce((acc, value, index) => acc + (hidden[index] ? 0 : value), 0);
          if (hiddenCount === 0 || hiddenCount === values.length || residual === 0 || (hiddenCount >= 2 && residual >= threshold)) break;
          let smallest = -1;
          values.forEach((value, index) => {
            if (!hidden[index] && (smallest < 0 || value < values[smallest]!)) smallest = index;
          });
          hidden[smallest] = true;
        }
      } else hidden.fill(true);
      values.forEach((value, index) => cells[index]!.push(hidden[index] ? null : value));
    });
    result[name] = Object.fromEntries(categories.flatMap((category, index) => (cells[index]!.some((cell) => cell !== null) ? [[category, cells[index]!]] : [])));
  }
  return { total: shownTotal, axes: result };
}

/** A share in percent, one decimal, published only where both its counts are. */
export const publishedShare = (part: Cell | undefined, whole: Cell | undefined): Cell =>
  part === null || part === undefined || whole === null || whole === undefined || whole === 0 ? null : Math.round((1000 * part) / whole) / 10;

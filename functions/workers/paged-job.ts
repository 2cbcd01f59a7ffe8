/** Time kept back at the end of a run: the page in hand finishes, and the function returns in time. */
const MARGIN_MS = 30_000;

/**
 * A nightly job's walk over the table: page after page until the table is read or the time is
 * nearly up (the next night starts over and finds only what is left). Says whether it read all.
 */
export async function eachPage<Cursor>(readPage: (cursor: Cursor | undefined) => Promise<Cursor | undefined>, timeLeftMs: () => number): Promise<boolean> {
  let cursor: Cursor | undefined;
  do cursor = await readPage(cursor);
  while (cursor && timeLeftMs() > MARGIN_MS);
  return cursor === undefined;
}

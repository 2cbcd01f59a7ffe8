import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The files that take minutes, longest first (page ≈ 260 s, fuzz 150–240 s, import ≈ 180 s,
 * import-chunks ≈ 160 s on a clean run). Without the durations of an earlier run (a clean
 * clone, CI), Vitest starts the larger files first, and these two short ones late: import is
 * the 20th of 68 files to start, import-chunks the 40th. A file of minutes started late may
 * still run when the other workers have nothing left to do.
 */
const LONGEST = ['tests/browser/page.test.ts', 'tests/api/fuzz.test.ts', 'tests/integration/import.test.ts', 'tests/integration/import-chunks.test.ts'];

const rank = (spec: TestSpecification) => {
  const index = LONGEST.findIndex((path) => spec.moduleId.endsWith(`/${path}`));
  return index < 0 ? LONGEST.length : index;
};

/** Vitest's order (group, project, then durations or size), with the longest files started first. */
export class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const order = new Map(sorted.map((spec, index) => [spec, index]));
    return sorted.toSorted(
      (a, b) => a.project.config.sequence.groupOrder - b.project.config.sequence.groupOrder || rank(a) - rank(b) || order.get(a)! - order.get(b)!,
    );
  }
}

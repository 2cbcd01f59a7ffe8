import { Session, type Profiler } from 'node:inspector/promises';
import { round } from './stats.ts';

/** Where a sampled function's code lives, first match wins. */
const CATEGORIES: [string, (url: string) => boolean][] = [
  ['token verification (jose, node:crypto)', (url) => url.includes('/node_modules/jose/') || url.includes('internal/crypto')],
  ['validation (zod)', (url) => url.includes('/node_modules/zod/')],
  ['middleware (middy)', (url) => url.includes('/node_modules/@middy/')],
  ['marshalling (lib-dynamodb, util-dynamodb)', (url) => /\/node_modules\/@aws-sdk\/(lib|util)-dynamodb\//.test(url)],
  ['AWS SDK (signing, HTTP client, retries, JSON protocol)', (url) => /\/node_modules\/@(aws-sdk|smithy)\//.test(url)],
  ['logging (powertools)', (url) => url.includes('/node_modules/@aws-lambda-powertools/')],
  ['local API Gateway and Node HTTP server', (url) => url.includes('/functions/local/') || /^node:(_http|http|net)|internal\/(http|streams|stream_base)/.test(url)],
  ['GPS handlers, domain and store', (url) => url.includes('/functions/')],
];

const categoryOf = ({ url, functionName }: Profiler.ProfileNode['callFrame']) => {
  if (functionName === '(garbage collector)') return 'garbage collector';
  return CATEGORIES.find(([, matches]) => matches(url))?.[0] ?? 'other (Node internals, event loop, JSON)';
};

export type ProfileShare = { category: string; percent: number };

/** Samples this process's CPU while `load` runs; self time per category, idle left out, largest first. */
export async function profileWhile(load: () => Promise<unknown>): Promise<ProfileShare[]> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 500 });
  await session.post('Profiler.start');
  let profile: Profiler.Profile;
  try {
    await load();
  } finally {
    ({ profile } = await session.post('Profiler.stop'));
    session.disconnect();
  }
  const selfUs = new Map<number, number>();
  profile.samples?.forEach((id, index) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas?.[index] ?? 0)));
  const byCategory = new Map<string, number>();
  for (const node of profile.nodes) {
    if (node.callFrame.functionName === '(idle)' || node.callFrame.functionName === '(program)') continue;
    const category = categoryOf(node.callFrame);
    byCategory.set(category, (byCategory.get(category) ?? 0) + (selfUs.get(node.id) ?? 0));
  }
  const total = [...byCategory.values()].reduce((sum, us) => sum + us, 0);
  return [...byCategory]
    .map(([category, us]) => ({ category, percent: round((100 * us) / total, 0) }))
    .sort((a, b) => b.percent - a.percent);
}

import { describe, expect, it } from 'vitest';
import { seedDemo } from '#local/seed-demo.ts';
import { listFollowUps } from '#store/follow-ups.ts';
import { readCard } from '#store/persons.ts';
import { readCounters, readGauges } from '#store/stats.ts';
import { TEST_INVITATION_SECRET } from '#tests/support/api.ts';
import { testStore } from '#tests/support/store.ts';
import { testWorkers } from '#tests/support/workers.ts';
import { statsView } from '../../functions/api/stats.ts';

const sum = (series: number[]) => series.reduce((a, b) => a + b, 0);
const nonZero = (series: number[]) => series.filter((value) => value > 0).length;

describe('the demo data of npm start', async () => {
  const store = await testStore();
  const workers = await testWorkers(store);
  const first = await seedDemo(store, { invitationSecret: TEST_INVITATION_SECRET });

  it('creates 20 followed persons with referents, once', async () => {
    const second = await seedDemo(store, { invitationSecret: TEST_INVITATION_SECRET });

    expect(first.createdPersons).toBe(20);
    expect(second.createdPersons).toBe(0);
    const [advisor, rsaReferent] = first.professionals;
    const mine = await listFollowUps(store, rsaReferent!.id, 'current', { limit: 50 });
    expect(mine.items.length).toBeGreaterThanOrEqual(8);
    const card = await readCard(store, mine.items.at(-1)!.personId);
    expect(card!.members.filter((m) => m.isReferent)).toHaveLength(1);
    expect((await listFollowUps(store, advisor!.id, 'current', { limit: 50 })).items.length).toBeGreaterThanOrEqual(8);
  });

  // The drain runs the whole seeding through the stream consumer (stats, notifications, join-requests inbox): slow on a loaded machine.
  it('gives the stats several weeks of history in every series', async () => {
    await workers.drain();
    const to = store.now().toISOString().slice(0, 10);
    const from = new Date(store.now().getTime() - 13 * 7 * 86_400_000).toISOString().slice(0, 10);

    const { daily, weekly } = statsView(await readCounters(store, from, to), from, to, await readGauges(store, from, to));

    expect(sum(daily.links_created.total)).toBeGreaterThanOrEqual(40);
    expect(nonZero(daily.links_created.total)).toBeGreaterThanOrEqual(15);
    expect(sum(daily.invitations_sent.total)).toBeGreaterThan(sum(daily.invitations_accepted.total));
    expect(sum(daily.invitations_accepted.total)).toBeGreaterThanOrEqual(5);
    expect(sum(daily.contact_reveals.total)).toBeGreaterThanOrEqual(20);
    expect(sum(daily.join_requests.total)).toBeGreaterThan(0);
    expect(sum(daily.links_ended.total)).toBeGreaterThan(0);
    expect(Object.keys(daily.links_created.byOrganizationKind).length).toBeGreaterThanOrEqual(4);
    expect(nonZero(weekly.active_professionals.total)).toBeGreaterThanOrEqual(10);
    expect(Math.max(...weekly.active_professionals.total)).toBeLessThanOrEqual(first.professionals.length);
    // The gauges as the nightly count would have taken them, week after week; and each link by its source.
    expect(weekly.persons_followed.total.filter((value) => value !== null && value > 0).length).toBeGreaterThanOrEqual(8);
    expect(weekly.persons_followed.total.at(-1)).toBe(20);
    expect(weekly.professionals_known.total.at(-1)).toBe(first.professionals.length);
    expect(sum(daily.links_created.bySource.invitation)).toBe(sum(daily.invitations_accepted.total));
    expect(sum(daily.links_created.bySource.professional) + sum(daily.links_created.bySource.invitation)).toBe(sum(daily.links_created.total));
    // Everyone who was invited got an e-mail.
    expect((await workers.mailbox()).filter((e) => e.subject.includes('vous invite'))).toHaveLength(sum(daily.invitations_sent.total));
  }, 120_000);
});

import type { AuditEvent } from './audit-event.ts';
import type { FollowUp } from './follow-up.ts';
import type { Template } from './outbox.ts';
import { DEFAULT_NOTIFICATIONS, type NotificationPreferences } from './professional.ts';

/** What an event tells whom: the template, who it is about, who hears it, and the opt-out that silences it (none: always sent). */
export type Notice = {
  /** Invitations, retention notices and contact requests are queued by what makes them, not from an audit event. */
  template: Exclude<Template, 'invitation' | 'erasure_scheduled' | 'contact_requested'>;
  /** The professional it is about; none when the person acted about themself (a need). */
  aboutProId?: string;
  /** `referentElseMembers`: the référent, or every active member when there is none (the flagged one excepted). */
  to: { members: true; except: string[] } | { proId: string } | { referentElseMembers: true; except: string[] };
  preference?: keyof NotificationPreferences;
};

export function noticeFor(event: AuditEvent): Notice | undefined {
  const { actorId, targetProId } = event;
  switch (event.kind) {
    case 'joined':
    case 'invitation_accepted':
      return { template: 'member_joined', aboutProId: actorId, to: { members: true, except: [actorId] }, preference: 'memberJoined' };
    case 'join_accepted':
      return targetProId
        ? { template: 'member_joined', aboutProId: targetProId, to: { members: true, except: [actorId, targetProId] }, preference: 'memberJoined' }
        : undefined;
    case 'join_requested':
      return { template: 'join_requested', aboutProId: actorId, to: { members: true, except: [actorId] }, preference: 'joinRequested' };
    case 'referent_changed':
      // Stepping down names oneself as the former referent: nobody to tell.
      return targetProId && targetProId !== actorId
        ? { template: 'referent_replaced', aboutProId: actorId, to: { proId: targetProId }, preference: 'referentReplaced' }
        : undefined;
    case 'member_removed':
      // Removed by a colleague: always told, since an intruder's removal or a mistaken one is theirs to know.
      return targetProId ? { template: 'member_removed', aboutProId: actorId, to: { proId: targetProId } } : undefined;
    case 'invitation_declined':
      // The inviter hears it whatever their preferences: it answers what they asked.
      return targetProId ? { template: 'invitation_declined', aboutProId: actorId, to: { proId: targetProId } } : undefined;
    case 'need_written':
      return { template: 'person_need', to: { members: true, except: [] }, preference: 'personNeeds' };
    case 'member_flagged_unknown':
      // A possible intruder: always told, to the one who coordinates the follow-up first.
      return targetProId ? { template: 'member_flagged_unknown', aboutProId: targetProId, to: { referentElseMembers: true, except: [targetProId] } } : undefined;
    default:
      return undefined;
  }
}

/**
 * What the professional who asked to join hears of the answer, besides what the event tells
 * the group: always (it is their own request), and a refusal without who refused, since a
 * requester who is not a member must learn nothing of the group.
 */
export function answerNoticeFor(event: AuditEvent): Notice | undefined {
  if (!event.targetProId) return undefined;
  if (event.kind === 'join_accepted') return { template: 'request_accepted', aboutProId: event.actorId, to: { proId: event.targetProId } };
  if (event.kind === 'join_declined') return { template: 'request_declined', to: { proId: event.targetProId } };
  return undefined;
}

/** Every notice an event calls for. */
export const noticesFor = (event: AuditEvent): Notice[] => [noticeFor(event), answerNoticeFor(event)].filter((notice) => notice !== undefined);

/**
 * Who a notice may be for, before preferences: its one addressee, or the group's active
 * members but the ones it excepts. Past members and pending requesters are never told what
 * happens in a group they are not in (and their profiles are not even read).
 */
export function candidatesOf(notice: Notice, members: readonly FollowUp[]): string[] {
  const { to } = notice;
  if ('proId' in to) return [to.proId];
  const others = members.filter((m) => m.status === 'active' && !to.except.includes(m.proId));
  if ('referentElseMembers' in to) {
    const referent = others.find((m) => m.isReferent);
    return (referent ? [referent] : others).map((m) => m.proId);
  }
  return others.map((m) => m.proId);
}

/** Who receives a notice, given the group as it is now and everyone's preferences. */
export function recipientsOf(
  notice: Notice,
  members: readonly FollowUp[],
  preferences: ReadonlyMap<string, NotificationPreferences>,
): string[] {
  const candidates = candidatesOf(notice, members);
  const { preference } = notice;
  return preference ? candidates.filter((proId) => (preferences.get(proId) ?? DEFAULT_NOTIFICATIONS)[preference]) : candidates;
}

/**
 * The outbox id of a notice's e-mail: one per recipient, person, template, professional it is
 * about and day (UTC, of the event). Queuing is idempotent on it, so the same professional
 * joining and leaving five times in a day tells each member once, while another day, another
 * kind of notice or another professional still does; an event processed twice queues nothing.
 */
export const noticeEmailId = (event: Pick<AuditEvent, 'at' | 'personId'>, notice: Notice, recipientId: string): string =>
  ['notice', event.at.slice(0, 10), notice.template, event.personId, notice.aboutProId ?? event.personId, recipientId].join('.');

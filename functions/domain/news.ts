import * as z from './zod.ts';
import type { AuditEvent } from './audit-event.ts';

/**
 * What changed in a file since its member last opened it: professionals asked Carnet de bord
 * for "what changed since my last visit", and had to open every file to learn it.
 */
export const NewsKind = z.enum(['member', 'request', 'action', 'situation', 'referent', 'need']);
export type NewsKind = z.infer<typeof NewsKind>;

/** The news an audit event is for the other members; reads and the system's own steps are none. */
export function newsOf(event: Pick<AuditEvent, 'kind'>): NewsKind | undefined {
  switch (event.kind) {
    case 'joined':
    case 'join_accepted':
    case 'invitation_accepted':
      return 'member';
    case 'join_requested':
      return 'request';
    case 'action_added':
      return 'action';
    case 'person_updated':
      return 'situation';
    case 'referent_changed':
      return 'referent';
    case 'need_written':
    case 'need_updated':
      return 'need';
    default:
      return undefined;
  }
}

/** Who hears it: every active member but the one who acted (and the one who just joined through them). */
export const newsRecipients = (event: Pick<AuditEvent, 'actorId' | 'targetProId'>, activeProIds: readonly string[]) =>
  activeProIds.filter((proId) => proId !== event.actorId && proId !== event.targetProId);

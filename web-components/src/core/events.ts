import type { Problem } from './api.ts';

/**
 * The events of the GPS widgets and what each carries. All bubble and are `composed`, so a
 * portal listens for them on `document`.
 */
export type GpsEvents = {
  'gps-error': { status: number; detail: string; problem: Problem };
  'gps-invite-sent': { invitation: { id: string; email: string; expiresAt: string } };
  'gps-joined': { personId: string; status: 'active' | 'pending' };
  'gps-referent-changed': { personId: string; proId: string };
  'gps-follow-up-ended': { personId: string };
  'gps-contact-revealed': { proId: string };
  'gps-person-selected': { personId: string; status?: 'active' | 'ended' | 'pending' };
  'gps-action-added': { action: unknown };
  'gps-person-updated': { person: unknown };
  'gps-member-flagged': { proId: string; flaggedUnknownAt: string };
  'gps-need-written': { need: unknown };
  'gps-need-updated': { need: unknown };
};

declare global {
  interface HTMLElementEventMap extends Readonly<{ [K in keyof GpsEvents]: CustomEvent<GpsEvents[K]> }> {}
  interface DocumentEventMap extends Readonly<{ [K in keyof GpsEvents]: CustomEvent<GpsEvents[K]> }> {}
}

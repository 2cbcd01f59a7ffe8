/**
 * GPS widgets: one ES module that defines every element. A portal loads it with one
 * script tag, then calls `GPS.configure({ apiBase, getToken })` or puts a `<gps-config>`.
 */
import { configure, tokenFromEndpoint } from './core/config.ts';
import './config/define.ts';
import './person-card/define.ts';
import './referent-list/define.ts';
import './invite-button/define.ts';
import './follow-up-list/define.ts';
import './join/define.ts';
import './action-log/define.ts';
import './situation-editor/define.ts';
import './my-team/define.ts';
import './my-needs/define.ts';

export { configure, tokenFromEndpoint };
export { ApiError, type Problem } from './core/api.ts';
export type { GpsEvents } from './core/events.ts';
export { GpsPersonCard } from './person-card/person-card.component.ts';
export { GpsReferentList } from './referent-list/referent-list.component.ts';
export { GpsInviteButton } from './invite-button/invite-button.component.ts';
export { GpsFollowUpList } from './follow-up-list/follow-up-list.component.ts';
export { GpsJoin } from './join/join.component.ts';
export { GpsActionLog } from './action-log/action-log.component.ts';
export { GpsSituationEditor } from './situation-editor/situation-editor.component.ts';
export { GpsConfig } from './config/config.component.ts';
export { GpsMyTeam } from './my-team/my-team.component.ts';
export { GpsMyNeeds } from './my-needs/my-needs.component.ts';

declare global {
  interface Window {
    GPS?: { configure: typeof configure; tokenFromEndpoint: typeof tokenFromEndpoint };
  }
}

// A second copy of the script keeps the first one's configuration.
window.GPS ??= { configure, tokenFromEndpoint };

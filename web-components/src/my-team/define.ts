import { define } from '../core/gps-element.ts';
import { GpsMyTeam } from './my-team.component.ts';

define('gps-my-team', GpsMyTeam);

declare global {
  interface HTMLElementTagNameMap {
    'gps-my-team': GpsMyTeam;
  }
}

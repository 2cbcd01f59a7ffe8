import { define } from '../core/gps-element.ts';
import { GpsMyNeeds } from './my-needs.component.ts';

define('gps-my-needs', GpsMyNeeds);

declare global {
  interface HTMLElementTagNameMap {
    'gps-my-needs': GpsMyNeeds;
  }
}

import { define } from '../core/gps-element.ts';
import { GpsActionLog } from './action-log.component.ts';

define('gps-action-log', GpsActionLog);

declare global {
  interface HTMLElementTagNameMap {
    'gps-action-log': GpsActionLog;
  }
}

import { define } from '../core/gps-element.ts';
import { GpsJoin } from './join.component.ts';

define('gps-join', GpsJoin);

declare global {
  interface HTMLElementTagNameMap {
    'gps-join': GpsJoin;
  }
}

import { define } from '../core/gps-element.ts';
import { GpsReferentList } from './referent-list.component.ts';

define('gps-referent-list', GpsReferentList);

declare global {
  interface HTMLElementTagNameMap {
    'gps-referent-list': GpsReferentList;
  }
}

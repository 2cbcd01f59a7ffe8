import { define } from '../core/gps-element.ts';
import { GpsFollowUpList } from './follow-up-list.component.ts';

define('gps-follow-up-list', GpsFollowUpList);

declare global {
  interface HTMLElementTagNameMap {
    'gps-follow-up-list': GpsFollowUpList;
  }
}

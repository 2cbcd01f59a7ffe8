import { define } from '../core/gps-element.ts';
import { GpsPersonCard } from './person-card.component.ts';

define('gps-person-card', GpsPersonCard);

declare global {
  interface HTMLElementTagNameMap {
    'gps-person-card': GpsPersonCard;
  }
}

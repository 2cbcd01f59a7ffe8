import { define } from '../core/gps-element.ts';
import { GpsInviteButton } from './invite-button.component.ts';

define('gps-invite-button', GpsInviteButton);

declare global {
  interface HTMLElementTagNameMap {
    'gps-invite-button': GpsInviteButton;
  }
}

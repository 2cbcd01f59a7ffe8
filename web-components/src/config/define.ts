import { define } from '../core/gps-element.ts';
import { GpsConfig } from './config.component.ts';

define('gps-config', GpsConfig);

declare global {
  interface HTMLElementTagNameMap {
    'gps-config': GpsConfig;
  }
}

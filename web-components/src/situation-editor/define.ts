import { define } from '../core/gps-element.ts';
import { GpsSituationEditor } from './situation-editor.component.ts';

define('gps-situation-editor', GpsSituationEditor);

declare global {
  interface HTMLElementTagNameMap {
    'gps-situation-editor': GpsSituationEditor;
  }
}

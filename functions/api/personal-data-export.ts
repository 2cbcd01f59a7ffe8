import { professionalsNamedIn } from '#domain/personal-data.ts';
import type { Store } from '#store/client.ts';
import { exportPersonalData } from '#store/personal-data.ts';
import { getRecipients } from '#store/preferences.ts';
import { toPersonalDataExport, type PersonalDataExport } from './views.ts';

/**
 * The RGPD export of one file, recorded in its journal under `actorId`: an administrator
 * answering a request, or the person themself from their space. Both get the same document.
 */
export async function personalDataExport(store: Store, actorId: string, personId: string): Promise<PersonalDataExport> {
  const data = await exportPersonalData(store, actorId, personId);
  const named = await getRecipients(store, professionalsNamedIn(data.links, data.audit, data.invitations));
  const professionals = new Map([...named].map(([id, recipient]) => [id, recipient.pro]));
  return toPersonalDataExport(data, professionals, store.now());
}

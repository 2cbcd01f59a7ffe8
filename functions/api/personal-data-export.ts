import { professionalsNamedIn } from '#domain/personal-data.ts';
import type { Store } from '#store/client.ts';
import { exportPersonalData } from '#store/personal-data.ts';
import { getProfessionals } from '#store/professionals.ts';
import { toPersonalDataExport, type PersonalDataExport } from './views.ts';

/**
 * The RGPD export of one file, recorded in its journal under `actorId`: an administrator
 * answering a request, or the person themself from their space. Both get the same document.
 */
export async function personalDataExport(store: Store, actorId: string, personId: string): Promise<PersonalDataExport> {
  const data = await exportPersonalData(store, actorId, personId);
  const professionals = await getProfessionals(store, professionalsNamedIn(data.links, data.audit, data.invitations));
  return toPersonalDataExport(data, professionals, store.now());
}

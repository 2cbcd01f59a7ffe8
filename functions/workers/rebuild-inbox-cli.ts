import { storeFromEnv } from '../config/environment.ts';
import { loadSecrets } from '../secrets.ts';
import { rebuildInboxes } from './update-inbox.ts';

/**
 * `npm run rebuild-inbox`: once after deploying the join-requests inbox on a table that already
 * holds pending requests (the stream only keeps it up to date from then on); safe to run again,
 * every write is conditional. Same variables as the import (GPS_TABLE, GPS_IDENTITY_SECRET…).
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
await loadSecrets();
const { groups, put, retired } = await rebuildInboxes(storeFromEnv());
console.log(`Boîtes de demandes reconstruites : ${groups} groupes, ${put} entrées écrites, ${retired} retirées.`);

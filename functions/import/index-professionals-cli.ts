import { indexProfessionals } from '#store/professionals.ts';
import { storeFromEnv } from '../config/environment.ts';
import { loadSecrets } from '../secrets.ts';

/**
 * `npm run index-professionals`: once after deploying the organization index of professionals
 * (`ORGPROS#<siret>` on GSI1) on a table that already holds professionals: a complete import
 * file finds an organization's professionals there, and the links of one not indexed would
 * never end. Safe to run again (it finds nothing left). Same variables as the import.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
await loadSecrets();
const { indexed } = await indexProfessionals(storeFromEnv());
console.log(`Professionnels indexés par structure : ${indexed}.`);

import { config } from 'zod';
import fr from 'zod/v4/locales/fr.js';

// Every message zod writes reaches a French professional: French is the default locale.
config(fr());

/**
 * zod for GPS, with its French messages: `import * as z from '#domain/zod.ts'`. Re-exported
 * name by name so each bundle keeps only the parts of zod it uses: `import { z } from 'zod'`
 * is one object holding everything, every locale included (≈ 370 KB per Lambda function).
 */
export * from 'zod';

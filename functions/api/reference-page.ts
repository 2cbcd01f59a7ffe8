/** The human-readable API reference: Swagger UI over a plain HTML rendering of the OpenAPI document. */

type Operation = {
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: { name: string; in: string; required?: boolean; description?: string }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }>;
};
type Document = { info: { title: string; description?: string }; paths?: Record<string, Record<string, Operation>> };

const escape = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The problem `type`s the API answers with; each is an anchor of this page. */
export const PROBLEM_TYPES: Record<string, string> = {
  validation: '400 — une donnée est invalide ; `errors` donne un pointeur JSON et un message par champ.',
  unauthenticated: '401 — jeton absent, illisible, expiré, mal signé, mauvaise audience ou émetteur inconnu.',
  forbidden: '403 — action interdite par une règle métier (ex. remplacer la ou le référent certifié par France Travail, renseigner un identifiant France Travail sans que votre portail y soit autorisé).',
  'outside-issuer-policy': '403 — le jeton nomme un e-mail, un SIRET ou un type de structure que son portail (émetteur) n’est pas autorisé à déclarer ; rien n’est enregistré.',
  'wrong-token-kind': '403 — un jeton de personne sur une route des professionnels, ou l’inverse : chaque espace n’accepte que son propre type de jeton.',
  'no-file': '404 — espace de la personne : aucun dossier GPS ne correspond à l’identité de son jeton (prénoms, nom, date de naissance).',
  'several-files': '409 — espace de la personne : plusieurs dossiers correspondent à son identité ; rien n’est montré tant qu’ils ne sont pas réunis.',
  'not-found': '404 — introuvable, ou vous n’êtes pas membre du groupe de suivi (les deux sont indiscernables).',
  conflict: '409 — modification concurrente : rechargez et réessayez ; ou identifiant France Travail déjà celui d’une autre identité (rien n’est fusionné).',
  'already-exists': '409 — existe déjà (personne, membre, demande) ; `personId` et `join` indiquent comment rejoindre.',
  gone: '410 — lien d’invitation déjà utilisé, expiré ou révoqué ; demandez une nouvelle invitation.',
  'stale-version': '412 — le dossier a changé depuis votre lecture ; `currentVersion` donne la version actuelle.',
  'too-large': '413 — corps de requête trop volumineux.',
  'unsupported-media-type': '415 — le corps doit être du JSON (`Content-Type: application/json`).',
  'precondition-required': '428 — l’en-tête `If-Match` est requis.',
  'rate-limited': '429 — trop d’invitations envoyées aujourd’hui ; `Retry-After` indique quand réessayer.',
  internal: '500 — erreur inattendue, sans détail interne.',
  unavailable: '503 — GPS est momentanément indisponible (base de données injoignable ou surchargée) ; `Retry-After` indique quand réessayer.',
};

/**
 * The `/docs` page. Swagger UI (static files under `/docs/`, see reference-assets.ts) renders
 * `/openapi.json` into `#gps-reference`; until it does, or without JavaScript, the same place
 * holds a plain rendering of the document. Scripts and styles are files of this origin only,
 * none inline: the page runs under the GPS page's CSP. The problem types stay anchors of the
 * page (`/docs#probleme-…`), the `type` of every error the API answers. Swagger UI has no
 * translations: once it has drawn, a French note says its controls are English and what the
 * main ones mean, and reference.js marks them `lang="en"` (the descriptions, French, keep the
 * page's language).
 */
export function referencePage(document: Document): string {
  const operations = Object.entries(document.paths ?? {}).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ path, method: method.toUpperCase(), operation })),
  );
  const tags = [...new Set(operations.map(({ operation }) => operation.tags?.[0] ?? 'API'))];
  const section = (tag: string) => `
  <section aria-labelledby="tag-${escape(tag)}">
    <h2 id="tag-${escape(tag)}">${escape(tag)}</h2>
    ${operations.filter(({ operation }) => (operation.tags?.[0] ?? 'API') === tag).map(renderOperation).join('\n')}
  </section>`;
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(document.info.title)}</title>
<link rel="icon" type="image/png" href="docs/favicon-32x32.png">
<link rel="stylesheet" href="docs/swagger-ui.css">
<link rel="stylesheet" href="docs/reference.css">
</head>
<body>
<a class="gps-skip" href="#contenu">Aller à la référence</a>
<header class="gps-header">
<h1>${escape(document.info.title)}</h1>
<p>${escape(document.info.description ?? '')}</p>
<p>Document OpenAPI 3.1 : <a href="openapi.json">openapi.json</a> — <a href="#problemes">Erreurs (RFC 9457)</a></p>
</header>
<main id="contenu" class="gps-main" tabindex="-1">
<p id="gps-reference-langue" class="gps-note" hidden>La référence interactive ci-dessous est dessinée par Swagger UI, dont les commandes sont en anglais : <span lang="en">Parameters</span> (paramètres), <span lang="en">Try it out</span> (essayer), <span lang="en">Execute</span> (envoyer la requête), <span lang="en">Responses</span> (réponses), <span lang="en">Example Value</span> (exemple), <span lang="en">Schemas</span> (schémas). Elles sont signalées comme anglaises aux lecteurs d’écran ; les descriptions des routes, des paramètres et des réponses sont en français.</p>
<div id="gps-reference" data-openapi="openapi.json" aria-busy="true">
<div class="gps-plain">
<nav aria-label="Sommaire"><ul>${tags.map((tag) => `<li><a href="#tag-${escape(tag)}">${escape(tag)}</a></li>`).join('')}<li><a href="#problemes">Erreurs</a></li></ul></nav>
${tags.map(section).join('\n')}
</div>
</div>
<section class="gps-problems" aria-labelledby="problemes"><h2 id="problemes">Erreurs (RFC 9457)</h2>
<p>Chaque erreur est un document <code>application/problem+json</code> : <code>type</code> renvoie ici, <code>detail</code> est en français.</p>
<dl>
${Object.entries(PROBLEM_TYPES).map(([slug, text]) => `<dt id="probleme-${slug}"><code>/docs#probleme-${slug}</code></dt><dd>${escape(text)}</dd>`).join('\n')}
</dl></section>
</main>
<script src="docs/swagger-ui-bundle.js"></script>
<script src="docs/reference.js"></script>
</body>
</html>`;
}

function renderOperation({ path, method, operation }: { path: string; method: string; operation: Operation }) {
  const parameters = operation.parameters ?? [];
  const body = operation.requestBody?.content['application/json']?.schema;
  return `<article>
  <h3><code>${method} ${escape(path)}</code> — ${escape(operation.summary ?? '')}</h3>
  ${operation.description ? `<p>${escape(operation.description)}</p>` : ''}
  ${parameters.length ? `<table><caption>Paramètres</caption><thead><tr><th scope="col">Nom</th><th scope="col">Où</th><th scope="col">Requis</th><th scope="col">Description</th></tr></thead><tbody>${parameters
    .map((p) => `<tr><td><code>${escape(p.name)}</code></td><td>${escape(p.in)}</td><td>${p.required ? 'oui' : 'non'}</td><td>${escape(p.description ?? '')}</td></tr>`)
    .join('')}</tbody></table>` : ''}
  ${body ? `<details><summary>Corps de la requête (JSON Schema)</summary><pre>${escape(JSON.stringify(body, null, 2))}</pre></details>` : ''}
  <ul>${Object.entries(operation.responses)
    .map(([status, r]) => {
      const schema = Number(status) < 400 ? Object.values(r.content ?? {})[0]?.schema : undefined;
      return `<li><strong>${escape(status)}</strong> — ${escape(r.description)}${schema ? `<details><summary>Réponse (JSON Schema)</summary><pre>${escape(JSON.stringify(schema, null, 2))}</pre></details>` : ''}</li>`;
    })
    .join('')}</ul>
</article>`;
}

import { startLocalStack } from './stack.ts';

/** `npm start`: GPS on this machine with no AWS account; data under `.gps-data/`; Ctrl-C stops all. */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const port = Number(process.env.GPS_PORT ?? 3000);
// A bad GPS_TRUSTED_ISSUERS (or any setting) stops here with the configuration's French message.
const stack = await startLocalStack({ dataDir: '.gps-data/dynamodb', port, seed: true }).catch((error: Error) => {
  if (!error.message.startsWith('Configuration GPS invalide')) throw error;
  console.error(error.message);
  process.exit(1);
});
const demo = stack.demo!;
const first = demo.professionals[0]!;

console.log(`
GPS tourne en local.

  Page GPS                ${stack.pageUrl}/   (connexion : fournisseur OpenID Connect local ${stack.oidcProvider.issuer},
                          e-mail d’un professionnel de démonstration, n’importe quel mot de passe)
  API                     ${stack.apiUrl}
  Référence de l’API      ${stack.apiUrl}/docs   (OpenAPI : ${stack.apiUrl}/openapi.json)
  Portail de démonstration ${stack.apiUrl}/demo/   (les widgets GPS embarqués, ${stack.apiUrl}/widgets/gps-widgets.js)
  Boîte mail (SES local)  ${stack.ses.mailboxUrl}
  DynamoDB Local          ${stack.dynamoDb.endpoint}   (table « gps », données dans .gps-data/)

Données de démonstration : ${demo.createdPersons} bénéficiaires créés à ce démarrage.
Professionnels de démonstration (jeton : ${stack.apiUrl}/dev/token?email=<e-mail>) :
${demo.professionals.map((p) => `  - ${p.firstName} ${p.lastName}, ${p.organization.name} <${p.email}>`).join('\n')}

${
  stack.partners.length === 0
    ? ''
    : `Portails partenaires (GPS_TRUSTED_ISSUERS), en plus du portail de démonstration :
${stack.partners.map((p) => `  - ${p.name ?? p.issuer} : émetteur ${p.issuer}, origines ${(p.allowedOrigins ?? []).join(', ')}`).join('\n')}
  Leurs pages chargent ${stack.apiUrl}/widgets/gps-widgets.js (CORS pour ces origines).

`
}Essayer :
  TOKEN=$(curl -s '${stack.apiUrl}/dev/token?email=${first.email}' | node -pe 'JSON.parse(require("fs").readFileSync(0)).access_token')
  curl -s -H "Authorization: Bearer $TOKEN" ${stack.apiUrl}/follow-ups
  curl -s -H "Authorization: Bearer $TOKEN" ${stack.apiUrl}/stats

Le flux DynamoDB est lu en continu (statistiques, notifications, envoi des e-mails) ;
les e-mails en échec sont réessayés toutes les 10 secondes.

Ctrl-C pour tout arrêter.`);

const stop = async () => {
  await stack.stop();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);

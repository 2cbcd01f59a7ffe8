import type { RenderedEmail } from './templates.ts';

export type SendEmail = (to: string, email: RenderedEmail) => Promise<string>;

export type SesSettings = {
  from: string;
  /** Set for SES local; absent on AWS. */
  endpoint?: string;
  configurationSet?: string;
};

/** Sends through SES v2; the returned id is SES's message id. */
export function createSesSender({ from, endpoint, configurationSet }: SesSettings): SendEmail {
  // The SES package is loaded on the first e-mail, not at cold start: most calls mail nobody.
  const connect = async () => {
    const { SESv2Client, SendEmailCommand } = await import('@aws-sdk/client-sesv2');
    const client = new SESv2Client({
      region: process.env.AWS_REGION ?? 'eu-west-3',
      // One attempt per claim: the outbox owns retries, with its own backoff.
      maxAttempts: 1,
      ...(endpoint ? { endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
    });
    return { client, SendEmailCommand };
  };
  let ses: ReturnType<typeof connect> | undefined;
  return async (to, { subject, text, html, replyTo }) => {
    const { client, SendEmailCommand } = await (ses ??= connect());
    const { MessageId } = await client.send(
      new SendEmailCommand({
        FromEmailAddress: from,
        Destination: { ToAddresses: [to] },
        ...(replyTo ? { ReplyToAddresses: [replyTo] } : {}),
        Content: {
          Simple: {
            Subject: { Data: subject, Charset: 'UTF-8' },
            Body: { Text: { Data: text, Charset: 'UTF-8' }, Html: { Data: html, Charset: 'UTF-8' } },
          },
        },
        ...(configurationSet ? { ConfigurationSetName: configurationSet } : {}),
      }),
    );
    return MessageId ?? '';
  };
}

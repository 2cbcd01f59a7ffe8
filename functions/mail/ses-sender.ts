import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
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
  const client = new SESv2Client({
    region: process.env.AWS_REGION ?? 'eu-west-3',
    // One attempt per claim: the outbox owns retries, with its own backoff.
    maxAttempts: 1,
    ...(endpoint ? { endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
  });
  return async (to, { subject, text, html, replyTo }) => {
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

import type { Server } from 'node:http';
import { freePort } from './free-port.ts';

export type SesLocal = { endpoint: string; mailboxUrl: string; stop: () => Promise<void> };

/**
 * A local SES v2 endpoint (`aws-ses-v2-local`): GPS sends through it exactly as through
 * AWS, and its mailbox shows in a browser what would have been sent.
 */
export async function startSesLocal(options: { port?: number } = {}): Promise<SesLocal> {
  const port = options.port ?? (await freePort());
  const { default: start } = await import('aws-ses-v2-local');
  const server: Server = await start({ host: '127.0.0.1', port });
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    mailboxUrl: `${endpoint}/`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

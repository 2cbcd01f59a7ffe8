import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/**
 * Where the planner puts the chunks and the workers their reports: the import bucket on
 * AWS (`s3Objects` in s3-import.ts), a folder for the CLI. Keys are the bucket's.
 */
export type Objects = {
  get(key: string): Promise<Uint8Array | undefined>;
  put(key: string, body: string | Uint8Array, contentType: string): Promise<void>;
};

export const getJson = async <T>(objects: Objects, key: string): Promise<T | undefined> => {
  const bytes = await objects.get(key);
  return bytes ? (JSON.parse(Buffer.from(bytes).toString('utf8')) as T) : undefined;
};

export const putJson = (objects: Objects, key: string, value: unknown) => objects.put(key, JSON.stringify(value), 'application/json');

/** A folder on this machine, keys as relative paths: the CLI's work and report files. */
export function folderObjects(root: string): Objects {
  return {
    async get(key) {
      try {
        return await readFile(join(root, key));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    async put(key, body) {
      await mkdir(dirname(join(root, key)), { recursive: true });
      await writeFile(join(root, key), body);
    },
  };
}

// Uploaded files: chunks in order, and the sweep that removes week-old uploads unless a dry run of
// theirs can still be committed.
import { existsSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UploadStore } from '../../db/import/uploads';
import { tempDir } from './helpers';

const dirs: { cleanup(): void }[] = [];
afterEach(() => dirs.splice(0).forEach((d) => d.cleanup()));

describe('uploads', () => {
  it('keeps recent uploads and ones a dry run still needs; removes the rest after a week', () => {
    const tmp = tempDir();
    dirs.push(tmp);
    const store = new UploadStore(join(tmp.dir, 'uploads'));
    const ids = ['old', 'needed', 'recent'].map((name) => {
      const id = store.begin(`${name}.csv`, 3);
      store.append(id, 0, Buffer.from('a,b'));
      return id;
    });
    const weekAgo = (Date.now() - 8 * 24 * 3600 * 1000) / 1000;
    for (const id of ids.slice(0, 2)) utimesSync(store.info(id).path, weekAgo, weekAgo);
    expect(store.sweep(7 * 24 * 3600 * 1000, new Set([store.info(ids[1]!).path]))).toBe(1);
    expect(() => store.info(ids[0]!)).toThrow(/not on this device/);
    expect(existsSync(store.info(ids[1]!).path)).toBe(true);
    expect(store.complete(ids[2]!).size).toBe(3);
  });
});

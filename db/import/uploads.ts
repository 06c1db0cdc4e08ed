// Files handed to the app for import: the renderer has no file system, so it sends the bytes in
// chunks (base64 over the contract) and the main process keeps them in its uploads folder under an
// id it minted. Only that id ever crosses back; a path from the renderer is never trusted.
import { randomBytes } from 'node:crypto';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface UploadInfo {
  uploadId: string;
  fileName: string;
  size: number;
  received: number;
  path: string;
}

export class UploadStore {
  constructor(private readonly dir: string) {}

  begin(fileName: string, size: number): string {
    mkdirSync(this.dir, { recursive: true });
    const uploadId = randomBytes(12).toString('hex');
    writeFileSync(this.dataPath(uploadId), '');
    writeFileSync(this.metaPath(uploadId), JSON.stringify({ fileName, size }));
    return uploadId;
  }

  /** Takes a copy of a file already on this machine (a desktop file dialog, the bench). */
  copyIn(path: string, fileName: string): string {
    mkdirSync(this.dir, { recursive: true });
    const uploadId = randomBytes(12).toString('hex');
    copyFileSync(path, this.dataPath(uploadId));
    writeFileSync(this.metaPath(uploadId), JSON.stringify({ fileName, size: statSync(path).size }));
    return uploadId;
  }

  /** Appends a chunk; chunks must arrive in order (offset = bytes received so far). */
  append(uploadId: string, offset: number, data: Buffer): number {
    const info = this.info(uploadId);
    if (offset !== info.received) throw new Error(`This part of the file starts at byte ${offset}, but ${info.received} bytes have arrived so far; send the file again.`);
    if (info.received + data.length > info.size) throw new Error(`The file is larger than the ${info.size} bytes announced; send it again.`);
    appendFileSync(info.path, data);
    return info.received + data.length;
  }

  /** The upload, complete; throws when it is unknown or still arriving. */
  complete(uploadId: string): UploadInfo {
    const info = this.info(uploadId);
    if (info.received !== info.size) throw new Error(`The file has not fully arrived (${info.received} of ${info.size} bytes); send it again.`);
    return info;
  }

  info(uploadId: string): UploadInfo {
    if (!/^[a-z0-9]{16,40}$/.test(uploadId) || !existsSync(this.metaPath(uploadId))) throw new Error('That upload is not on this device (it may have been cleaned up); choose the file again.');
    const meta = JSON.parse(readFileSync(this.metaPath(uploadId), 'utf8')) as { fileName: string; size: number };
    const path = this.dataPath(uploadId);
    return { uploadId, fileName: meta.fileName, size: meta.size, received: statSync(path).size, path };
  }

  /**
   * Removes uploads older than `maxAgeMs`, except the files in `keep` (a dry run that can still be
   * committed). Returns how many went.
   */
  sweep(maxAgeMs: number, keep: ReadonlySet<string>, now = Date.now()): number {
    if (!existsSync(this.dir)) return 0;
    let removed = 0;
    for (const name of readdirSync(this.dir)) {
      const match = /^([a-z0-9]{16,40})\.csv$/.exec(name);
      if (!match) continue;
      const path = join(this.dir, name);
      if (keep.has(path) || now - statSync(path).mtimeMs < maxAgeMs) continue;
      this.remove(match[1]!);
      removed++;
    }
    return removed;
  }

  remove(uploadId: string): void {
    rmSync(this.dataPath(uploadId), { force: true });
    rmSync(this.metaPath(uploadId), { force: true });
  }

  /** Registers a file already on this machine (the CLI, the desktop file dialog): no copy. */
  static external(path: string): UploadInfo {
    const size = statSync(path).size;
    return { uploadId: '', fileName: path.split(/[\\/]/).pop() ?? path, size, received: size, path };
  }

  private dataPath(id: string): string {
    return join(this.dir, `${id}.csv`);
  }

  private metaPath(id: string): string {
    return join(this.dir, `${id}.json`);
  }
}

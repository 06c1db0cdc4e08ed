// Reading a chosen file in slices and base64-encoding each one for imports.uploadChunk: the
// renderer has no Node Buffer, and a multi-gigabyte export must never be held in memory at once.

/** Raw bytes per upload chunk: 4 MiB, which is about 5.6 M base64 characters (the contract allows 8 M). */
export const UPLOAD_CHUNK_BYTES = 4 * 1024 * 1024;

// String.fromCharCode takes its arguments on the stack; 32 K of them is safe in every engine.
const APPLY_LIMIT = 0x8000;

/** Base64 of some bytes, built from 32 KB pieces so a 4 MB slice does not overflow the call stack. */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += APPLY_LIMIT) {
    binary += String.fromCharCode.apply(null, bytes.subarray(i, i + APPLY_LIMIT) as unknown as number[]);
  }
  return btoa(binary);
}

/** One slice of a file (or any Blob) as base64, read with Blob.arrayBuffer. */
export async function readSliceBase64(file: Blob, offset: number, length = UPLOAD_CHUNK_BYTES): Promise<{ data: string; bytes: number }> {
  const buffer = await file.slice(offset, offset + length).arrayBuffer();
  return { data: bytesToBase64(new Uint8Array(buffer)), bytes: buffer.byteLength };
}

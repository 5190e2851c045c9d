import { pipeline, type Readable, type Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { sanitizeRemoteText } from '@coldreach/remote-text';

/** A Content-Encoding we do not decode; the page fails with a reason naming it. */
export class UnsupportedEncoding extends Error {
  constructor(readonly encoding: string) {
    super(`unsupported content encoding: ${sanitizeRemoteText(encoding, { maxLength: 40 })}`);
  }
}

/** The body exceeded the cap, before or after decompression. */
export class BodyTooLarge extends Error {
  constructor() {
    super('body too large');
  }
}

const decoderFactories: Record<string, () => Transform> = {
  gzip: () => createGunzip(),
  'x-gzip': () => createGunzip(),
  deflate: () => createInflate(),
  br: () => createBrotliDecompress(),
};

/**
 * The decoders for a Content-Encoding header, in the order to apply them (the header lists them
 * in the order they were applied). Throws UnsupportedEncoding before any byte is read.
 */
export function decodersFor(contentEncoding: string | undefined): (() => Transform)[] {
  if (!contentEncoding) return [];
  const names = contentEncoding
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '' && name !== 'identity');
  return names.reverse().map((name) => {
    const factory = decoderFactories[name];
    if (!factory) throw new UnsupportedEncoding(name);
    return factory;
  });
}

/**
 * Reads a response body through its decoders, counting bytes both as they arrive and after
 * decompression, and stops at `maxBytes` of either: a gzip bomb is cut off at the cap, since zlib
 * streams inflate in small chunks only as fast as we read them. Throws BodyTooLarge (the streams
 * are destroyed, closing the connection), or whatever the body or a decoder failed with.
 */
export async function readCappedBody(
  body: Readable,
  decoders: readonly (() => Transform)[],
  maxBytes: number,
): Promise<Buffer> {
  const stages = decoders.map((make) => make());
  const decoded = stages.at(-1) ?? body;
  if (stages.length > 0) {
    // A compressed body is counted as it arrives too, so a stream that inflates to little (or
    // nothing) cannot run on unseen.
    let raw = 0;
    body.on('data', (chunk: Buffer) => {
      raw += chunk.length;
      if (raw > maxBytes) body.destroy(new BodyTooLarge());
    });
    // pipeline destroys every stage when one fails, so iterating the last stage sees the first error.
    pipeline([body, ...stages], () => undefined);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of decoded as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      abandon(decoded);
      abandon(body);
      throw new BodyTooLarge();
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

/** Stops reading a body and closes its connection; the abort error it emits is expected, not a fault. */
export function abandon(stream: Readable): void {
  stream.on('error', () => undefined);
  stream.destroy();
}

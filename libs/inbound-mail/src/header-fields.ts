/** One "Name: value" field; the name lower-cased, folded lines joined. */
export interface HeaderField {
  name: string;
  value: string;
}

/** Bounded reads: reports, returned headers and bodies are scanned this far, never further. */
export const scanLimit = 64 * 1024;

/**
 * Reads "Name: value" fields line by line (no regex, so hostile input costs linear time), in the
 * blocks that blank lines separate: a DSN has one block per recipient after its per-message block,
 * a returned message's header block is its first.
 */
export function readFieldBlocks(text: string): HeaderField[][] {
  const blocks: HeaderField[][] = [];
  let block: HeaderField[] = [];
  for (const line of text.slice(0, scanLimit).split('\n')) {
    const trimmed = line.trim();
    const last = block[block.length - 1];
    if (trimmed === '') {
      if (block.length > 0) blocks.push(block);
      block = [];
    } else if ((line.startsWith(' ') || line.startsWith('\t')) && last) {
      last.value = `${last.value} ${trimmed}`;
    } else {
      const colon = line.indexOf(':');
      const name = colon > 0 ? line.slice(0, colon) : '';
      if (name !== '' && !name.includes(' '))
        block.push({ name: name.toLowerCase(), value: line.slice(colon + 1).trim() });
    }
  }
  if (block.length > 0) blocks.push(block);
  return blocks;
}

/** All fields of a text, whatever block they are in. */
export function readFields(text: string): HeaderField[] {
  return readFieldBlocks(text).flat();
}

/** The header block of a returned message (its fields up to the first blank line). */
export function readHeaderBlock(text: string): HeaderField[] {
  return readFieldBlocks(text)[0] ?? [];
}

/** The first value of a field, '' when absent. */
export function fieldValue(fields: HeaderField[], name: string): string {
  return fields.find((field) => field.name === name)?.value ?? '';
}

/** Message-IDs in a header value, in order, without angle brackets ("<a@b> <c@d>" or bare "a@b"). */
export function messageIdsIn(value: string): string[] {
  const ids: string[] = [];
  let from = 0;
  for (;;) {
    const open = value.indexOf('<', from);
    if (open < 0) break;
    const close = value.indexOf('>', open + 1);
    if (close < 0) break;
    const id = value.slice(open + 1, close).trim();
    if (id !== '') ids.push(id);
    from = close + 1;
  }
  if (ids.length === 0) ids.push(...value.split(/\s+/).filter((token) => token.includes('@')));
  return ids;
}

/** The first Message-ID of a header value, '' if none. */
export function firstMessageId(value: string): string {
  return messageIdsIn(value)[0] ?? '';
}

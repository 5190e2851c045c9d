/**
 * A PostgreSQL WAL position (`pg_lsn`, written `16/B374D848`) as a number of bytes, so positions
 * compare with `<`. A bigint: a busy cluster passes 2^32 bytes of WAL within days.
 */
export function parseLsn(text: string): bigint {
  const match = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(text);
  if (!match) throw new Error(`"${text.slice(0, 40)}" is not a WAL position (like 16/B374D848)`);
  return (BigInt(`0x${match[1]}`) << 32n) + BigInt(`0x${match[2]}`);
}

import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** scrypt's cost: N (CPU/memory), r (block size), p (parallelism). Stored in each hash. */
export interface ScryptParameters {
  n: number;
  r: number;
  p: number;
}

/**
 * 32 MiB and about 0.1 s per hash on this machine's cores (RFC 7914's interactive setting, N=2^15,
 * r=8): slow enough that a stolen table costs an attacker dearly, fast enough that sign-in does not.
 * Raise them here; older hashes keep verifying with the parameters stored in them.
 */
export const defaultScryptParameters: ScryptParameters = { n: 2 ** 15, r: 8, p: 1 };

const saltBytes = 16;
const keyBytes = 32;
const scheme = 'scrypt';

function derive(password: string, salt: Buffer, { n, r, p }: ScryptParameters): Promise<Buffer> {
  // scrypt needs 128·N·r bytes; Node's default cap (32 MiB) is just below what N=2^15, r=8 takes.
  const options: ScryptOptions = { N: n, r, p, maxmem: 256 * n * r + 1024 * 1024 };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, keyBytes, options, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

/**
 * A password's stored form, `scrypt$<N>$<r>$<p>$<salt>$<hash>` (base64url): the parameters travel
 * with the hash, so they can be raised later while the old hashes still verify.
 */
export async function hashPassword(
  password: string,
  parameters: ScryptParameters = defaultScryptParameters,
): Promise<string> {
  const salt = randomBytes(saltBytes);
  const key = await derive(password, salt, parameters);
  const { n, r, p } = parameters;
  return [scheme, n, r, p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** True when `password` matches `stored`; false for a wrong password or a hash it cannot read. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  const key = await derive(password, parsed.salt, parsed.parameters);
  return key.length === parsed.key.length && timingSafeEqual(key, parsed.key);
}

function parseHash(stored: string): { parameters: ScryptParameters; salt: Buffer; key: Buffer } | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== scheme) return null;
  const [n, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![n, r, p].every((v) => Number.isInteger(v) && v > 0)) return null;
  return {
    parameters: { n, r, p },
    salt: Buffer.from(parts[4] as string, 'base64url'),
    key: Buffer.from(parts[5] as string, 'base64url'),
  };
}

/** A password for a person to type once and change: 20 characters of base64url, 120 random bits. */
export function generatePassword(): string {
  return randomBytes(15).toString('base64url');
}

export const minPasswordLength = 10;
export const maxPasswordLength = 200;

/** Why a new password is refused, or null when it is acceptable. */
export function passwordProblem(password: string): string | null {
  if (typeof password !== 'string' || password.length < minPasswordLength)
    return `must be at least ${minPasswordLength} characters`;
  if (password.length > maxPasswordLength) return `must be at most ${maxPasswordLength} characters`;
  return null;
}

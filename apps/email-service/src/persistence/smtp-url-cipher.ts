import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** Seals SMTP URLs (they carry the mailbox password) for storage; the key comes from config. */
export interface SmtpUrlCipher {
  seal(plain: string): string;
  /** Throws when the value was sealed with another key or altered. */
  open(sealed: string): string;
}

const version = 'v1';
const keyBytes = 32;
const ivBytes = 12;

/** AES-256-GCM with a random IV per value; stored as `v1.<iv>.<tag>.<ciphertext>` in base64url. */
export function createSmtpUrlCipher(key: Uint8Array): SmtpUrlCipher {
  if (key.length !== keyBytes) throw new Error(`the credentials key must be ${keyBytes} bytes`);
  return {
    seal(plain) {
      const iv = randomBytes(ivBytes);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [version, iv, cipher.getAuthTag(), body]
        .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
        .join('.');
    },
    open(sealed) {
      const [tag, iv, authTag, body] = sealed.split('.');
      if (tag !== version || !iv || !authTag || body === undefined) throw new Error('not a sealed SMTP URL');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(authTag, 'base64url'));
      // GCM's tag check fails here when the key is wrong or a byte was changed; the message names
      // neither the key nor the value.
      try {
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
          'utf8',
        );
      } catch {
        throw new Error('the sealed SMTP URL does not open with the configured credentials key');
      }
    },
  };
}

import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** What the store holds instead of the personal fields: AES-256-GCM, the subject in the AAD. */
export interface SealedEnvelope {
  v: 1;
  /** Whose key. */
  s: string;
  iv: string;
  ct: string;
  tag: string;
}

export const SEALED_FIELD = '$personal';

export function seal(subject: string, key: Buffer, clear: unknown): SealedEnvelope {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(subject));
  const ct = Buffer.concat([cipher.update(JSON.stringify(clear), 'utf8'), cipher.final()]);
  return { v: 1, s: subject, iv: iv.toString('base64'), ct: ct.toString('base64'), tag: cipher.getAuthTag().toString('base64') };
}

export function open(envelope: SealedEnvelope, key: Buffer): unknown {
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(envelope.iv, 'base64'));
  decipher.setAAD(Buffer.from(envelope.s));
  decipher.setAuthTag(Buffer.from(envelope.tag, 'base64'));
  const clear = Buffer.concat([decipher.update(Buffer.from(envelope.ct, 'base64')), decipher.final()]);
  return JSON.parse(clear.toString('utf8'));
}

export const isEnvelope = (value: unknown): value is SealedEnvelope =>
  typeof value === 'object' && value !== null && (value as SealedEnvelope).v === 1 && typeof (value as SealedEnvelope).ct === 'string';

/** Bytes (an uploaded file) sealed with the subject's key: iv (12) | tag (16) | ciphertext. */
export function sealBytes(subject: string, key: Buffer, clear: Buffer): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(subject));
  const ct = Buffer.concat([cipher.update(clear), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ct]);
}

export function openBytes(subject: string, key: Buffer, sealed: Buffer): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
  decipher.setAAD(Buffer.from(subject));
  decipher.setAuthTag(sealed.subarray(12, 28));
  return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]);
}

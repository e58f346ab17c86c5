import { createHash, randomBytes } from 'node:crypto';

/** Keys are long random strings, so a fast hash is enough to store them safely (unlike passwords). */
export const hashApiKey = (key: string) => createHash('sha256').update(key).digest('hex');

export const generateApiKey = () => `rk_${randomBytes(32).toString('base64url')}`;

export const apiKeyPrefix = (key: string) => key.slice(0, 10);

// Secret ARNs look like the real ones: the name plus a hyphen and 6 random characters, so code that parses or
// compares ARNs meets the same shape it will meet in AWS.
import { randomInt } from 'node:crypto';
import { ACCOUNT_ID, REGION } from './model.js';

const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function secretArnPrefix(): string {
  return `arn:aws:secretsmanager:${REGION}:${ACCOUNT_ID}:secret:`;
}

export function newSecretArn(name: string): string {
  let suffix = '';
  for (let i = 0; i < 6; i += 1) suffix += SUFFIX_ALPHABET[randomInt(SUFFIX_ALPHABET.length)];
  return `${secretArnPrefix()}${name}-${suffix}`;
}

/** SecretId may be the name, the full ARN, or the ARN without its random suffix (a partial ARN), as in AWS. */
export function secretIdMatches(secretId: string, name: string, arn: string): boolean {
  return secretId === name || secretId === arn || secretId === `${secretArnPrefix()}${name}`;
}

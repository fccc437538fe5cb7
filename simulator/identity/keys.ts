// Signing keys made and used with `jose` (no hand-rolled crypto): one current key per algorithm, every key the JWKS
// still publishes, and rotation in two steps (a new key signs while the old one stays published; then the old one
// goes). Key ids are RFC 7638 thumbprints, so they are stable and unique per key.
import { calculateJwkThumbprint, type CryptoKey, exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import type { SigningAlgorithm } from './types.js';

export const SIGNING_ALGORITHMS: readonly SigningAlgorithm[] = ['RS256', 'ES384'];

interface SigningKey {
  readonly kid: string;
  readonly alg: SigningAlgorithm;
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
}

export interface KeyRing {
  readonly algorithms: readonly SigningAlgorithm[];
  currentKid(alg?: SigningAlgorithm): string;
  publishedKids(): string[];
  /** The JWKS document: every published public key with kid, alg and use. */
  jwks(): { keys: JWK[] };
  sign(claims: Readonly<Record<string, unknown>>, options?: { alg?: SigningAlgorithm; kid?: string }): Promise<string>;
  rotate(alg?: SigningAlgorithm): Promise<string>;
  retirePrevious(): string[];
}

export async function createKeyRing(algorithms: readonly SigningAlgorithm[] = ['RS256']): Promise<KeyRing> {
  if (algorithms.length === 0 || algorithms.some((alg) => !SIGNING_ALGORITHMS.includes(alg))) {
    throw new TypeError(`algorithms must be a non-empty list of ${SIGNING_ALGORITHMS.join(', ')}`);
  }
  const unique = [...new Set(algorithms)];
  const current = new Map<SigningAlgorithm, SigningKey>();
  const published: SigningKey[] = [];
  for (const alg of unique) {
    const key = await newSigningKey(alg);
    current.set(alg, key);
    published.push(key);
  }
  const chosen = (alg: SigningAlgorithm | undefined): SigningKey => {
    const wanted = alg ?? unique[0]!;
    const key = current.get(wanted);
    if (!key) throw new TypeError(`this issuer has no ${wanted} key (it signs with ${unique.join(', ')})`);
    return key;
  };

  return {
    algorithms: unique,
    currentKid: (alg) => chosen(alg).kid,
    publishedKids: () => published.map((key) => key.kid),
    jwks: () => ({ keys: published.map((key) => ({ ...key.publicJwk })) }),
    async sign(claims, options = {}) {
      const key = chosen(options.alg);
      return new SignJWT({ ...claims })
        .setProtectedHeader({ alg: key.alg, typ: 'JWT', kid: options.kid ?? key.kid })
        .sign(key.privateKey);
    },
    async rotate(alg) {
      const previous = chosen(alg);
      const key = await newSigningKey(previous.alg);
      current.set(previous.alg, key);
      published.push(key);
      return key.kid;
    },
    retirePrevious() {
      const signing = new Set([...current.values()].map((key) => key.kid));
      const removed = published.filter((key) => !signing.has(key.kid)).map((key) => key.kid);
      for (let i = published.length - 1; i >= 0; i -= 1) if (!signing.has(published[i]!.kid)) published.splice(i, 1);
      return removed;
    },
  };
}

async function newSigningKey(alg: SigningAlgorithm): Promise<SigningKey> {
  const { publicKey, privateKey } = await generateKeyPair(alg);
  const jwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(jwk);
  return { kid, alg, privateKey, publicJwk: { ...jwk, kid, alg, use: 'sig' } };
}

// The federated identity credential check Entra ID documents for workload identity federation: the external token's
// issuer, subject and audience must match one of the app's federated credentials exactly (case-sensitive), and the
// token must be validly signed by that issuer (keys by OIDC discovery) and within its time range. Matching happens
// before the signature is checked, so a mismatch is reported as such even for a forged token, as Entra does. On top,
// the stand-in refuses a replayed (iss, jti) — see rejectReplayedAssertions.
import { decodeJwt, decodeProtectedHeader, errors, jwtVerify, type JWTPayload } from 'jose';
import { DiscoveryError, type IssuerKeys } from './discovery.js';
import { refusals } from './oauth-errors.js';
import type { FederatedCredentialSpec, IdentityClock } from './types.js';

const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512'];
/** Bound on remembered jti values; expired ones are dropped first. */
const MAX_REMEMBERED_JTIS = 100_000;

export interface AssertionPolicy {
  readonly clock: IdentityClock;
  readonly clockToleranceSeconds: number;
  readonly maxAssertionAgeSeconds: number;
  readonly rejectReplayed: boolean;
}

export interface ReplayMemory {
  /** True when (iss, jti) was seen and is still remembered. */
  seen(iss: string, jti: string): boolean;
  remember(iss: string, jti: string, untilMs: number): void;
}

export function createReplayMemory(clock: IdentityClock): ReplayMemory {
  const until = new Map<string, number>();
  const key = (iss: string, jti: string) => `${iss}\u0000${jti}`;
  return {
    seen(iss, jti) {
      const expiry = until.get(key(iss, jti));
      return expiry !== undefined && expiry >= clock.now();
    },
    remember(iss, jti, untilMs) {
      if (until.size >= MAX_REMEMBERED_JTIS) {
        const now = clock.now();
        for (const [k, expiry] of until) if (expiry < now) until.delete(k);
        if (until.size >= MAX_REMEMBERED_JTIS) until.delete(until.keys().next().value!);
      }
      until.set(key(iss, jti), untilMs);
    },
  };
}

/** Verifies `assertion` for an app with these federated credentials; throws the OAuthError Entra would answer. */
export async function verifyFederatedAssertion(
  assertion: string,
  credentials: readonly FederatedCredentialSpec[],
  keys: IssuerKeys,
  replay: ReplayMemory,
  policy: AssertionPolicy,
): Promise<JWTPayload> {
  let claims: JWTPayload;
  let kid: string | undefined;
  try {
    claims = decodeJwt(assertion);
    kid = decodeProtectedHeader(assertion).kid;
  } catch {
    throw refusals.malformedAssertion();
  }
  const iss = typeof claims.iss === 'string' ? claims.iss : '';
  const sub = typeof claims.sub === 'string' ? claims.sub : '';
  const audiences = typeof claims.aud === 'string' ? [claims.aud] : Array.isArray(claims.aud) ? claims.aud : [];
  const shownAudience = audiences.join(',');

  if (credentials.length === 0) throw refusals.noFederatedCredentials(iss, sub, shownAudience);
  const byIssuer = credentials.filter((credential) => credential.issuer === iss);
  if (byIssuer.length === 0) throw refusals.issuerMismatch(iss);
  const bySubject = byIssuer.filter((credential) => credential.subject === sub);
  if (bySubject.length === 0) throw refusals.subjectMismatch(sub);
  const matched = bySubject.find((credential) => credential.audiences!.some((aud) => audiences.includes(aud)));
  if (matched === undefined) throw refusals.audienceMismatch(shownAudience);

  let resolver;
  try {
    resolver = await keys.keysFor(iss);
  } catch (error) {
    if (error instanceof DiscoveryError) throw refusals.keysUnavailable(iss, error.message);
    throw error;
  }
  const now = policy.clock.now();
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(assertion, resolver, {
      issuer: iss,
      subject: sub,
      audience: [...matched.audiences!],
      algorithms: ALGORITHMS,
      currentDate: new Date(now),
      clockTolerance: policy.clockToleranceSeconds,
      maxTokenAge: policy.maxAssertionAgeSeconds,
      requiredClaims: ['exp', 'iat'],
    }));
  } catch (error) {
    throw refusalFor(error, iss, kid, claims, now);
  }

  if (policy.rejectReplayed && typeof payload.jti === 'string') {
    if (replay.seen(iss, payload.jti)) throw refusals.replayed(payload.jti);
    replay.remember(iss, payload.jti, (payload.exp! + policy.clockToleranceSeconds) * 1000);
  }
  return payload;
}

function refusalFor(error: unknown, iss: string, kid: string | undefined, claims: JWTPayload, now: number) {
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
    return refusals.keyNotFound(kid);
  }
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JOSEAlgNotAllowed) {
    return refusals.badSignature();
  }
  if (error instanceof errors.JWTExpired) return refusals.outsideValidTime(now, claims.nbf ?? claims.iat, claims.exp);
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'nbf' || error.claim === 'iat') {
      return refusals.outsideValidTime(now, claims.nbf ?? claims.iat, claims.exp);
    }
    return refusals.malformedAssertion();
  }
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) return refusals.malformedAssertion();
  if (error instanceof errors.JOSEError) return refusals.keysUnavailable(iss, `the JWKS could not be used (${error.code})`);
  throw error;
}

// A UnitWorld whose every Secrets Manager and Vault call passes through a fast-check scheduler twice: once before the
// call reaches the service (so another invocation may act first) and once before its answer reaches the caller (so
// the service has acted but the caller has not heard yet). Each invocation may crash at one of those points: from then
// on it is a dead process, every further call fails without reaching a service, and nothing it "does" has an effect.

import { InternalServiceError } from '@aws-sdk/client-secrets-manager';
import type { Context } from 'aws-lambda';
import type fc from 'fast-check';
import { rotate } from '../../../functions/rotation/handler.js';
import type { RotationEvent, RotationStep, SecretsManagerPort } from '../../../functions/rotation/context.js';
import { VaultMintOutcomeUnknownError, VaultTransportError } from '../../../shared/errors.js';
import { Secret } from '../../../shared/secret.js';
import type { VaultClientOptions, VaultCredentials, VaultSession } from '../../../shared/types.js';
import { UnitWorld } from './unit-world.js';

export class Crash extends Error {
  override readonly name = 'Crash';
}

export interface Invocation {
  readonly step: RotationStep;
  readonly versionId: string;
  /** Index of the scheduling point at which this invocation's process dies; undefined: it runs to the end. */
  readonly crashAt: number | undefined;
  /**
   * Index of the scheduling point at which one call fails while the process lives on: before the call reaches the
   * service (nothing happened) or after (the service acted, the answer is lost).
   */
  readonly faultAt?: number | undefined;
}

function faultFor(what: string, applied: boolean): Error {
  if (!what.startsWith('mint') && !what.startsWith('list') && !what.startsWith('revoke') && what !== 'whoAmI') {
    return new InternalServiceError({ message: `injected: ${what} failed`, $metadata: { httpStatusCode: 500 } });
  }
  const operation = what.split(' ')[0] === 'mint' ? 'mintToken' : what === 'whoAmI' ? 'whoAmI' : what.startsWith('list') ? 'listTokens' : 'revokeTokens';
  if (operation === 'mintToken' && applied) {
    return new VaultMintOutcomeUnknownError('lost', new Error('socket hang up'));
  }
  return new VaultTransportError({ operation, message: `injected: ${what} failed`, reason: 'network', requestSent: applied });
}

type Scheduler = fc.Scheduler;

const OAUTH_SESSION = new Secret('oauth-session-of-the-mapped-user');

export class InterleavingWorld extends UnitWorld {
  /** Names of the calls, per invocation, in the order they reached a service (for counterexample reports). */
  readonly trace: string[] = [];

  invokeScheduled(s: Scheduler, arn: string, invocation: Invocation, label: string): Promise<void> {
    let points = 0;
    let dead = false;
    const gate = async (what: string, call: string, applied: boolean): Promise<void> => {
      if (dead) throw new Crash(`${label} is dead`);
      await s.schedule(Promise.resolve(), `${label} ${what}`);
      const point = points++;
      if (invocation.crashAt !== undefined && point >= invocation.crashAt) {
        dead = true;
        this.trace.push(`${label} CRASH at ${what}`);
        throw new Crash(`${label} crashed at ${what}`);
      }
      if (invocation.faultAt === point) {
        this.trace.push(`${label} FAULT at ${what}`);
        throw faultFor(call, applied);
      }
    };
    const around = async <T>(what: string, call: () => Promise<T>): Promise<T> => {
      await gate(`→ ${what}`, what, false);
      this.trace.push(`${label} ${what}`);
      let result: T;
      try {
        result = await call();
      } catch (error) {
        await gate(`← ${what} (error)`, what, true);
        throw error;
      }
      await gate(`← ${what}`, what, true);
      return result;
    };
    const sm: SecretsManagerPort = {
      send: ((command: { constructor: { name: string } }, options?: unknown) =>
        around(command.constructor.name.replace(/Command$/, ''), () =>
          (this.sm.port.send as (c: unknown, o?: unknown) => Promise<unknown>)(command, options),
        )) as unknown as SecretsManagerPort['send'],
    };
    const openVaultSession = async (options: VaultClientOptions, credentials: VaultCredentials) => {
      const inner = await (credentials.kind === 'session' && this.oauthUser !== undefined
        ? this.vault.openVaultSession(options, this.oauthUser)
        : this.vault.openVaultSession(options, credentials));
      const session: VaultSession = {
        target: inner.target,
        mintToken: (request, o) => around('mint', () => inner.mintToken(request, o)),
        whoAmI: (o) => around('whoAmI', () => inner.whoAmI(o)),
        listTokens: (filter, o) => around('list', () => inner.listTokens(filter, o)),
        revokeTokens: (ids, o) => around(`revoke ${ids.join(',')}`, () => inner.revokeTokens(ids, o)),
        findSandbox: (name, o) => around('findSandbox', () => inner.findSandbox(name, o)),
        close: (o) => inner.close(o),
      };
      return session;
    };
    // OAuth mode: the sign-in (JWT → access token → Vault session) is one more call; its session is the mapped user's.
    const openOAuthSession = async (options: VaultClientOptions) => {
      await around('oauth sign-in', async () => undefined);
      return openVaultSession(options, { kind: 'session', sessionId: OAUTH_SESSION });
    };
    const handler = rotate({ ...this.deps, secretsManager: sm, openVaultSession, openOAuthSession });
    const event = { Step: invocation.step, SecretId: arn, ClientRequestToken: invocation.versionId } as RotationEvent;
    return handler(event, {} as Context, { signal: new AbortController().signal });
  }
}

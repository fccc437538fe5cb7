// Every party of an OAuth sign-in to Vault, started together on 127.0.0.1 and sharing one clock (the Vault
// simulator's): a GitHub Actions ID-token service and an STS GetWebIdentityToken stand-in (the two workload
// identities), an Entra-like authorization server whose application trusts both through federated credentials (and
// also holds a client secret, the fallback), and the Vault simulator with an OAuth profile that introspects at that
// server and maps the application's subject to a Vault user. For tests and the demo; nothing here is product code.
import {
  type SimOAuthProfile,
  type SimUser,
  type SimUserSpec,
  startVaultSimulator,
  type VaultSimulator,
} from '../vault-simulator.js';
import type { SimulatorOptionsInput } from '../vault/options.js';
import { startAuthorizationServer } from './authorization-server.js';
import { hideCredentials } from './credentials.js';
import { startGitHubActionsOidc } from './github-actions.js';
import { startStsStandIn } from './sts.js';
import type {
  Application,
  AuthorizationServer,
  AuthorizationServerOptions,
  GitHubActionsOidc,
  GitHubActionsOidcOptions,
  StsStandIn,
  StsStandInOptions,
} from './types.js';

export const OAUTH_WORLD_RESOURCE = 'api://vault-login';
export const OAUTH_WORLD_SCOPE = `${OAUTH_WORLD_RESOURCE}/.default`;
export const OAUTH_WORLD_PROFILE_ID = '0oa-sim-vault-profile';

export interface OAuthWorldOptions {
  readonly vault?: SimulatorOptionsInput;
  readonly github?: Omit<GitHubActionsOidcOptions, 'clock'>;
  readonly sts?: Omit<StsStandInOptions, 'clock'>;
  readonly authorizationServer?: Omit<AuthorizationServerOptions, 'clock' | 'resources'>;
  /** The Vault user the application's subject maps to (default: a new API user, not an admin). */
  readonly vaultUser?: SimUserSpec;
}

export interface OAuthWorld {
  readonly vault: VaultSimulator;
  readonly github: GitHubActionsOidc;
  readonly sts: StsStandIn;
  readonly authorizationServer: AuthorizationServer;
  /** Trusts the GitHub job's subject and the STS principal's role ARN, each with audience api://AzureADTokenExchange. */
  readonly application: Application;
  readonly profile: SimOAuthProfile;
  readonly vaultUser: SimUser;
  readonly scope: string;
  /** `http://127.0.0.1:PORT` of the main Vault: the stand-in for both login.veevavault.com and the Vault's DNS. */
  readonly loginUrl: string;
  close(): Promise<void>;
}

export async function startOAuthWorld(options: OAuthWorldOptions = {}): Promise<OAuthWorld> {
  const closers: { close(): Promise<void> }[] = [];
  try {
    const vault = await startVaultSimulator(options.vault);
    closers.push(vault);
    const clock = vault.clock;
    const github = await startGitHubActionsOidc({ ...options.github, clock });
    closers.push(github);
    const sts = await startStsStandIn({ ...options.sts, clock });
    closers.push(sts);
    const authorizationServer = await startAuthorizationServer({
      ...options.authorizationServer,
      clock,
      resources: [OAUTH_WORLD_RESOURCE],
    });
    closers.push(authorizationServer);

    const application = authorizationServer.addApplication({
      displayName: 'vault-api-token',
      clientSecret: true,
      federatedCredentials: [
        { name: 'github', issuer: github.issuer.url, subject: github.subject },
        { name: 'aws', issuer: sts.issuer.url, subject: sts.principal.arn },
      ],
    });
    const vaultUser = vault.addUser(
      options.vaultUser ?? { userName: 'oauth.integration@simulator.veevavault.local', apiAccess: true },
    );
    const profile = vault.addOAuthProfile({
      id: OAUTH_WORLD_PROFILE_ID,
      introspectionEndpoint: authorizationServer.introspectionEndpoint,
      clientId: application.clientId,
      audiences: [OAUTH_WORLD_RESOURCE],
    });
    profile.mapUser(application.servicePrincipalId, vaultUser.id);

    let closing: Promise<void> | undefined;
    const world: OAuthWorld = {
      vault,
      github,
      sts,
      authorizationServer,
      application,
      profile,
      vaultUser,
      scope: OAUTH_WORLD_SCOPE,
      loginUrl: vault.url,
      close() {
        closing ??= closeAll(closers);
        return closing;
      },
    };
    return hideCredentials(world, 'OAuthWorld', () => ({
      loginUrl: vault.url,
      profileId: profile.id,
      tokenEndpoint: authorizationServer.tokenEndpoint,
      clientId: application.clientId,
    }));
  } catch (error) {
    await closeAll(closers);
    throw error;
  }
}

/**
 * The `oauth` block of a credentials secret that signs in through this world with the function's own AWS identity
 * (STS GetWebIdentityToken): nothing secret in it (docs/secret-contract.md).
 */
export function awsStsSignIn(world: OAuthWorld): Record<string, string> {
  return {
    profileId: world.profile.id,
    tokenUrl: world.authorizationServer.tokenEndpoint,
    clientId: world.application.clientId,
    scope: world.scope,
    vaultLoginUrl: world.loginUrl,
    identity: 'aws-sts',
  };
}

async function closeAll(closers: readonly { close(): Promise<void> }[]): Promise<void> {
  await Promise.allSettled([...closers].reverse().map((closer) => closer.close()));
}

// The protocol's unavoidable calls for one steady-state rotation, per step, each argued from what the protocol needs
// (not copied from the rotator's design: the table then shows what the design spends beyond it). Steady state, default
// configuration: the current token mints its successor (no credentialsSecretArn), userId is already in the secret,
// revokePrevious is next-rotation, exactly one token of this secret retires per rotation, and no earlier attempt left
// anything behind. Vault calls are the scarce resource (each Vault's burst budget is shared with the customer's other
// integrations); Secrets Manager reads are cheap (10,000 per second), so where a Secrets Manager read saves a Vault call
// on some path, the read is part of the minimum. Steps share no state: each is its own invocation, perhaps in another
// container. Operation names are the stand-in's and the simulator's.

export interface RequiredCall {
  readonly service: 'Secrets Manager' | 'Vault';
  readonly operation: string;
  readonly why: string;
}

export interface StepMinimum {
  readonly step: 'createSecret' | 'setSecret' | 'testSecret' | 'finishSecret';
  readonly calls: readonly RequiredCall[];
}

/** The createSecret and finishSecret checks start with it; its reason is given once. */
export const DESCRIBE_FIRST: RequiredCall = {
  service: 'Secrets Manager',
  operation: 'DescribeSecret',
  why: "the version→stage map and the rotation rules: Secrets Manager retries and may deliver a stale event, so a step that writes must check its version is still AWSPENDING (and rotation enabled) first; createSecret also needs the schedule (RotationRules) to size the new token's lifetime, and finishSecret the version that holds AWSCURRENT (for RemoveFromVersionId). A GetSecretValue cannot stand in: it shows one version, not which one is current, and not the rules",
};

export const MINIMUM_CALLS: readonly StepMinimum[] = [
  {
    step: 'createSecret',
    calls: [
      DESCRIBE_FIRST,
      {
        service: 'Secrets Manager',
        operation: 'GetSecretValue',
        why: "the pending version (VersionId + AWSPENDING): the version is listed with AWSPENDING before it holds a value, so only this read tells a retried createSecret that its token is already stored; without it a retry would mint a second token and spend Vault calls to revoke it",
      },
      {
        service: 'Secrets Manager',
        operation: 'GetSecretValue',
        why: 'AWSCURRENT: the token that mints its successor, the configuration (vaultDns, userId, revokePrevious) and the id of the token the next finishSecret retires, carried forward in the new value',
      },
      {
        service: 'Vault',
        operation: 'mint',
        why: "the new token. No query first: whose token the minting credential is shows in testSecret's whoAmI of the new token (a token belongs to the user whose session minted it), before it becomes current and before anything is revoked; and a sweep for leftovers is not needed before the mint, because finishSecret's one query (below) can list all of this secret's tokens as cheaply as one, so leftovers of earlier attempts (a pending version that never became current, a retirement a finishSecret could not finish) are revoked there. A sweep first is needed only where the secret's own versions and value do not show a known state (no userId or tokenId, another version AWSPENDING) or the mint is refused at the token cap",
      },
      {
        service: 'Secrets Manager',
        operation: 'PutSecretValue',
        why: 'store it as AWSPENDING under the ClientRequestToken',
      },
    ],
  },
  { step: 'setSecret', calls: [] },
  {
    step: 'testSecret',
    calls: [
      {
        service: 'Secrets Manager',
        operation: 'GetSecretValue',
        why: 'the pending token (VersionId + AWSPENDING): one read both fetches it and checks the event is not stale (it fails once the version has lost AWSPENDING); testing writes nothing, so it needs neither the stage map nor the rules',
      },
      { service: 'Vault', operation: 'whoAmI', why: 'prove Vault accepts the pending token, for the expected user' },
    ],
  },
  {
    step: 'finishSecret',
    calls: [
      DESCRIBE_FIRST,
      {
        service: 'Secrets Manager',
        operation: 'GetSecretValue',
        why: 'the new version, read before the move: a version with no value must never become AWSCURRENT, and its stored value names the token that retires now (the id carried forward) and revokePrevious',
      },
      { service: 'Secrets Manager', operation: 'UpdateSecretVersionStage', why: 'move AWSCURRENT' },
      {
        service: 'Vault',
        operation: 'query',
        why: "Vault's own row of the token about to be revoked: an id in a secret's value is not proof, so Vault's row must show it is this secret's token (its deterministic name) of the expected user before it is revoked. One VQL query either way: by the retiring token's id (one row) or by this secret's name prefix and the user (every token of this secret, one page of at most 25, the per-user cap); the burst budget counts calls, not rows, and the second also finds what earlier attempts left behind, which is what lets createSecret mint without a sweep",
      },
      {
        service: 'Vault',
        operation: 'delete',
        why: 'revoke that token, so that at rest only AWSCURRENT and AWSPREVIOUS hold active tokens',
      },
    ],
  },
];

export function minimumCount(step: StepMinimum, service: RequiredCall['service']): number {
  return step.calls.filter((call) => call.service === service).length;
}

/** The minimum as Markdown: one line per step with each call's reason. */
export function minimumMarkdown(): string[] {
  const name = (call: RequiredCall) => (call.service === 'Vault' ? `Vault ${call.operation}` : call.operation);
  return [
    '**The protocol minimum**, argued call by call (steady state, default configuration: the current token mints its successor, revokePrevious next-rotation, one token retired per rotation, nothing left behind by an earlier attempt; Vault calls are the scarce resource, Secrets Manager reads the cheap one):',
    '',
    `- createSecret and finishSecret first: ${DESCRIBE_FIRST.operation}: ${DESCRIBE_FIRST.why}.`,
    ...MINIMUM_CALLS.map((step) => {
      const own = step.calls.filter((call) => call !== DESCRIBE_FIRST);
      const first = step.calls[0] === DESCRIBE_FIRST ? 'DescribeSecret, then ' : '';
      const counts = `${minimumCount(step, 'Secrets Manager')} + ${minimumCount(step, 'Vault')}`;
      if (step.calls.length === 0) {
        return `- ${step.step} (${counts}): nothing at all; Vault needs nothing (a token is active from birth), so there is nothing to check the staging for either.`;
      }
      const list = own.map((call) => `${name(call)} (${call.why})`).join('; ');
      return `- ${step.step} (${counts}): ${first}${list}.`;
    }),
    '',
  ];
}

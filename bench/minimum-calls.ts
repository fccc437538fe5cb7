// The protocol's unavoidable calls for one steady-state rotation, per step, with the reason each one cannot go.
// Steady state, default configuration: the current token mints its successor (no credentialsSecretArn), userId is
// already in the secret (written by an earlier rotation), revokePrevious is next-rotation, and exactly one token of
// this secret becomes stale per rotation (the one finishSecret unlabels). Operation names are the stand-in's and the
// simulator's.

export interface RequiredCall {
  readonly service: 'Secrets Manager' | 'Vault';
  readonly operation: string;
  readonly why: string;
}

export interface StepMinimum {
  readonly step: 'createSecret' | 'setSecret' | 'testSecret' | 'finishSecret';
  readonly calls: readonly RequiredCall[];
}

/** Every step starts with it; its reason is given once. */
export const DESCRIBE_FIRST: RequiredCall = {
  service: 'Secrets Manager',
  operation: 'DescribeSecret',
  why: 'the only source of the version→stage map: each step that acts is a separate invocation that must check its version is still AWSPENDING (and rotation enabled) before acting, because Secrets Manager retries and may deliver a stale event; finishSecret also learns from it which version holds AWSCURRENT (for RemoveFromVersionId) and which version loses AWSPREVIOUS. setSecret acts on nothing, so it needs no check',
};

export const MINIMUM_CALLS: readonly StepMinimum[] = [
  {
    step: 'createSecret',
    calls: [
      DESCRIBE_FIRST,
      {
        service: 'Secrets Manager',
        operation: 'GetSecretValue',
        why: 'the pending version (VersionId + AWSPENDING): a retried createSecret must find the value it already stored instead of minting a second token, and nothing else tells whether the placeholder holds a value',
      },
      {
        service: 'Secrets Manager',
        operation: 'GetSecretValue',
        why: 'AWSCURRENT: the token that mints its successor, and the configuration',
      },
      {
        service: 'Vault',
        operation: 'query',
        why: "this secret's tokens of the stored userId, one VQL query by name prefix: the backstop sweep (a token a failed finishSecret left, an orphan of a died attempt) and, because the current token's row is among them for that user, the proof that the minting credential belongs to userId without a Validate Session User call. AWSCURRENT's and AWSPREVIOUS's tokens are recognised by their stored id and deterministic names, so AWSPREVIOUS need not be read",
      },
      { service: 'Vault', operation: 'mint', why: 'the new token' },
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
      DESCRIBE_FIRST,
      { service: 'Secrets Manager', operation: 'GetSecretValue', why: 'the pending token to test' },
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
        why: 'the new version, read before the move: a version with no value must never become AWSCURRENT, and its stored tokenId, userId and revokePrevious decide what the move retires (steps share no state)',
      },
      { service: 'Secrets Manager', operation: 'UpdateSecretVersionStage', why: 'move AWSCURRENT' },
      {
        service: 'Vault',
        operation: 'query',
        why: "this secret's tokens, by name prefix: the only way to find the id of the token whose version just lost AWSPREVIOUS, and to check on Vault's own row that it is this secret's and the expected user's before revoking it",
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
    '**The protocol minimum** (steady state, default configuration: the current token mints its successor, revokePrevious next-rotation, one token retired per rotation):',
    '',
    `- every step: ${DESCRIBE_FIRST.operation}: ${DESCRIBE_FIRST.why}.`,
    ...MINIMUM_CALLS.map((step) => {
      const own = step.calls.filter((call) => call !== DESCRIBE_FIRST);
      const counts = `${minimumCount(step, 'Secrets Manager')} + ${minimumCount(step, 'Vault')}`;
      if (step.calls.length === 0) {
        return `- ${step.step} (${counts}): nothing at all; Vault needs nothing (a token is active from birth), so there is nothing to check the staging for either.`;
      }
      const list = own.map((call) => `${name(call)} (${call.why})`).join('; ');
      return `- ${step.step} (${counts}): DescribeSecret, then ${list}.`;
    }),
    '',
  ];
}

// The deployed function leaves @aws-sdk/client-sts to the Lambda runtime's own SDK (docs/assumptions.md). If that copy
// predates GetWebIdentityToken, an OAuth sign-in must fail saying so and how to fix it, not with "not a constructor".
import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.doUnmock('@aws-sdk/client-sts');
  vi.resetModules();
});

describe('webIdentityTokenSource on a runtime whose SDK lacks GetWebIdentityToken', () => {
  it('fails naming the missing command and the two ways out', async () => {
    vi.doMock('@aws-sdk/client-sts', () => ({ STSClient: class {}, GetWebIdentityTokenCommand: undefined }));
    const { webIdentityTokenSource } = await import('../../functions/rotation/web-identity.js');
    const source = webIdentityTokenSource({
      credentials: async () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'not-a-real-key' }),
      region: 'us-east-1',
    });
    await expect(source('api://AzureADTokenExchange', undefined)).rejects.toThrow(
      /no GetWebIdentityTokenCommand .* @aws-sdk\/client-sts bundled .* identity "client-secret"/,
    );
  });
});

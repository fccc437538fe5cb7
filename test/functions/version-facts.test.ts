import { describe, expect, it } from 'vitest';
import { afterPromotion } from '../../functions/rotation/revocation/versions.js';

describe('the labels after finishSecret’s move', () => {
  it('AWSCURRENT to the new version, AWSPREVIOUS to the old current, the old previous unlabelled', () => {
    const unknown = { state: 'unknown' } as const;
    const after = afterPromotion(
      {
        v0: { stages: ['AWSPREVIOUS'], value: unknown },
        v1: { stages: ['AWSCURRENT'], value: unknown },
        v2: { stages: ['AWSPENDING'], value: unknown },
        v3: { stages: ['AWSPENDING', 'custom'], value: unknown },
      },
      'v2',
    );
    expect(after).toEqual({
      v0: { stages: [], value: unknown },
      v1: { stages: ['AWSPREVIOUS'], value: unknown },
      v2: { stages: ['AWSCURRENT'], value: unknown },
      v3: { stages: ['AWSPENDING', 'custom'], value: unknown },
    });
  });
});

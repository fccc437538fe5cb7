// The demo's leak detection must catch what it is there to catch, and name a leak without repeating it.
import { describe, expect, it } from 'vitest';
import { createNarrator } from '../../demo/narrator.js';
import { selfCheck } from '../../demo/self-check.js';
import { createTokenWatch } from '../../demo/token-watch.js';

const TOKEN = `veeva-vault-${'ab12'.repeat(16)}`;
const PASSWORD = 'Sim-correct-horse-battery';

function quietNarrator() {
  const written: string[] = [];
  return { narrator: createNarrator((text) => written.push(text)), written };
}

describe('token watch', () => {
  it('finds a remembered value verbatim and base64-encoded, and anything token-shaped, without quoting them', () => {
    const watch = createTokenWatch();
    watch.remember(PASSWORD);
    const verbatim = watch.findLeaks(`login with ${PASSWORD} ok`);
    const encoded = watch.findLeaks(`header ${Buffer.from(PASSWORD).toString('base64')}`);
    const shaped = watch.findLeaks(`Authorization: ${TOKEN}`);
    expect(verbatim).toEqual(['secret value #1 seen from Vault appears verbatim']);
    expect(encoded).toEqual(['secret value #1 seen from Vault appears base64-encoded']);
    expect(shaped).toEqual(['text shaped like a Vault token (the veeva-vault prefix) appears']);
    for (const finding of [...verbatim, ...encoded, ...shaped]) {
      expect(finding).not.toContain(PASSWORD);
      expect(finding).not.toContain(TOKEN);
    }
  });

  it('finds nothing in clean text', () => {
    const watch = createTokenWatch();
    watch.remember(TOKEN);
    expect(watch.findLeaks('minted V8T123456789012 (rotation 1), expires 2027-01-22T10:50:05Z')).toEqual([]);
  });
});

describe('self-check', () => {
  it('passes when nothing printed or held back carries a secret', () => {
    const { narrator, written } = quietNarrator();
    const watch = createTokenWatch();
    watch.remember(TOKEN);
    narrator.say('token id V8T123456789012');
    expect(selfCheck(narrator, watch, ['{"level":"INFO","message":"minted"}'])).toBe(true);
    expect(written.join('')).toMatch(/Self-check passed/);
  });

  it('fails on a secret in the printed output, and its verdict does not repeat the secret', () => {
    const { narrator, written } = quietNarrator();
    const watch = createTokenWatch();
    watch.remember(PASSWORD);
    narrator.say(`oops ${PASSWORD}`);
    expect(selfCheck(narrator, watch, [])).toBe(false);
    const verdict = written.slice(-2).join('');
    expect(verdict).toMatch(/SELF-CHECK FAILED[\s\S]*in the printed output: secret value #1/);
    expect(verdict).not.toContain(PASSWORD);
  });

  it("fails on a secret in the Lambda's held-back log lines", () => {
    const { narrator, written } = quietNarrator();
    const watch = createTokenWatch();
    expect(selfCheck(narrator, watch, [`{"message":"${TOKEN}"}`])).toBe(false);
    expect(written.join('')).toMatch(/in the Lambda's log lines: text shaped like a Vault token/);
  });
});

// The harness is what lets the other tests fail: these check that its runner parser and masker model catch what
// they are meant to catch.

import { describe, expect, it } from 'vitest';
import { auditStep, jobOutputs, SimulatedMasker } from './support/masker.js';
import { inputVariable, parseKeyValueFile } from './support/runner.js';

const SECRET = { label: 'token', value: 'veeva-vault-abc123' };

describe('file-command parser (runner rules)', () => {
  it('reads NAME=VALUE and heredoc entries', () => {
    const parsed = parseKeyValueFile('a=1\nb<<ghadelimiter_x\nline 1\nline 2\nghadelimiter_x\nc=x=y\n');
    expect(parsed).toEqual({ values: { a: '1', b: 'line 1\nline 2', c: 'x=y' }, errors: [] });
  });

  it('uses the form whose marker comes first', () => {
    expect(parseKeyValueFile('a=b<<c\n').values).toEqual({ a: 'b<<c' });
  });

  it('fails the step on a missing delimiter, a missing name, or a line with neither form', () => {
    expect(parseKeyValueFile('a<<EOF\nvalue\nEOFX\n').errors).toEqual([
      "Invalid value. Matching delimiter not found 'EOF'",
    ]);
    expect(parseKeyValueFile('=value\n').errors).toEqual(["Invalid format '=value'"]);
    expect(parseKeyValueFile('just text\n').errors).toEqual(["Invalid format 'just text'"]);
    expect(parseKeyValueFile('a<<\n').errors).toEqual(["Invalid format 'a<<'"]);
  });
});

describe('input variables', () => {
  it('keeps hyphens and upper-cases, as the runner does', () => {
    expect(inputVariable('aws-secret-id')).toBe('INPUT_AWS-SECRET-ID');
    expect(inputVariable('a b')).toBe('INPUT_A_B');
  });
});

describe('masker model', () => {
  it('flags a secret printed before its mask', () => {
    const audit = auditStep(
      new SimulatedMasker(),
      { stdout: [`got ${SECRET.value}`, `::add-mask::${SECRET.value}`], stderr: [] },
      [SECRET],
    );
    expect(audit.violations).toEqual(['stdout line 1 shows the token before any mask for it: got <token>']);
  });

  it('accepts a secret printed after its mask, and shows it masked', () => {
    const audit = auditStep(
      new SimulatedMasker(),
      { stdout: [`::add-mask::${SECRET.value}`, `got ${SECRET.value}`], stderr: [] },
      [SECRET],
    );
    expect(audit).toEqual({ log: ['got ***'], violations: [] });
  });

  it('catches encoded forms and secrets that were never masked', () => {
    const b64 = Buffer.from(SECRET.value).toString('base64');
    const audit = auditStep(new SimulatedMasker(), { stdout: [`auth ${b64}`], stderr: [] }, [SECRET]);
    expect(audit.violations).toHaveLength(1);
  });

  it('does not let a stdout mask protect stderr in the same step', () => {
    const audit = auditStep(
      new SimulatedMasker(),
      { stdout: [`::add-mask::${SECRET.value}`], stderr: [`oops ${SECRET.value}`] },
      [SECRET],
    );
    expect(audit.violations).toEqual(['stderr line 1 shows the token before any mask for it: oops <token>']);
  });

  it('unescapes payloads and masks each line of a multi-line secret', () => {
    const masker = new SimulatedMasker();
    masker.addMask('first%0Asecond%25');
    expect(masker.mask('a first b second% c')).toBe('a *** b *** c');
  });

  it('drops job outputs that contain a masked value (runner §6.5)', () => {
    const masker = new SimulatedMasker();
    masker.addMask(SECRET.value);
    expect(jobOutputs(masker, { token: SECRET.value, url: `x?t=${SECRET.value}`, id: 'V8T1', empty: '' })).toEqual({
      kept: { id: 'V8T1' },
      dropped: ['token', 'url'],
    });
  });
});

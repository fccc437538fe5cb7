// The harness is what lets the other tests fail: these check that its runner parser and masker model catch what
// they are meant to catch.

import { describe, expect, it } from 'vitest';
import { auditStep, encodedForms, jobOutputs, SimulatedMasker } from './support/masker.js';
import { CommandProcessor, inputVariable, parseKeyValueFile, splitLines } from './support/runner.js';

const SECRET = { label: 'token', value: 'veeva-vault-abc123' };

describe('file-command parser (runner rules)', () => {
  it('reads NAME=VALUE and heredoc entries', () => {
    const parsed = parseKeyValueFile('a=1\nb<<ghadelimiter_x\nline 1\nline 2\nghadelimiter_x\nc=x=y\n');
    expect(parsed).toEqual({ values: { a: '1', b: 'line 1\nline 2', c: 'x=y' }, errors: [] });
  });

  it('uses the form whose marker comes first', () => {
    expect(parseKeyValueFile('a=b<<c\n').values).toEqual({ a: 'b<<c' });
  });

  it('fails the step on a missing delimiter, a missing heredoc name, or a line with neither form', () => {
    expect(parseKeyValueFile('a<<EOF\nvalue\nEOFX\n').errors).toEqual([
      "Invalid value. Matching delimiter not found 'EOF'",
    ]);
    expect(parseKeyValueFile('a<<EOF\nvalue').errors).toEqual(['Invalid value. EOF marker missing new line.']);
    expect(parseKeyValueFile('just text\n').errors).toEqual(["Invalid format 'just text'"]);
    expect(parseKeyValueFile('a<<\n').errors).toEqual([
      "Invalid format 'a<<'. Name must not be empty and delimiter must not be empty",
    ]);
  });

  // FileCommandManager checks the line, not the name, for emptiness; and a delimiter at EOF needs no newline.
  it('accepts what the runner accepts: an empty NAME= key, a last delimiter without newline', () => {
    expect(parseKeyValueFile('=value\n')).toEqual({ values: { '': 'value' }, errors: [] });
    expect(parseKeyValueFile('a<<EOF\nvalue\nEOF')).toEqual({ values: { a: 'value' }, errors: [] });
  });

  it('stops at the first malformed entry, keeping the ones before it', () => {
    expect(parseKeyValueFile('a=1\nbad\nb=2\n')).toEqual({ values: { a: '1' }, errors: ["Invalid format 'bad'"] });
  });

  // The Linux runner splits file-command lines at \n only (ReadLine's CRLF branch is #if OS_WINDOWS).
  it('keeps a trailing \\r on Linux and strips it only on Windows', () => {
    expect(parseKeyValueFile('a=1\r\n').values).toEqual({ a: '1\r' });
    expect(parseKeyValueFile('a=1\r\n', 'windows').values).toEqual({ a: '1' });
    expect(parseKeyValueFile('a<<EOF\nx\r\nEOF\n').values).toEqual({ a: 'x\r' });
    expect(parseKeyValueFile('a<<EOF\nx\nEOF\r\n').errors).toEqual(["Invalid value. Matching delimiter not found 'EOF'"]);
    expect(parseKeyValueFile('a<<EOF\r\nx\r\ny\r\nEOF\r\n', 'windows').values).toEqual({ a: 'x\r\ny' });
  });
});

describe('process output (StreamReader.ReadLine)', () => {
  it('ends a line at \\r\\n, \\r or \\n', () => {
    expect(splitLines('a\r\nb\rc\nd\n')).toEqual(['a', 'b', 'c', 'd']);
  });
});

describe('workflow commands (ActionCommandManager)', () => {
  it('stops processing at ::stop-commands:: until the token, so an add-mask in between is plain text', () => {
    const commands = new CommandProcessor();
    const kinds = ['::stop-commands::pause1', '::add-mask::x', '::PAUSE1::', '::add-mask::y'].map(
      (line) => commands.process(line).kind,
    );
    expect(kinds).toEqual(['echoed-command', 'output', 'echoed-command', 'command']);
  });

  it('finds a legacy ##[command] anywhere in the line, but ::command:: only at its start', () => {
    const commands = new CommandProcessor();
    expect(commands.process('user bob ##[add-mask]x').kind).toBe('command');
    expect(commands.process('user bob ::add-mask::x').kind).toBe('output');
    expect(commands.process('   ::add-mask::x').kind).toBe('command');
    expect(commands.process('::unknown::x').kind).toBe('output');
  });

  it('refuses a registered command name as stop token, failing the step', () => {
    const commands = new CommandProcessor();
    commands.process('::stop-commands::add-mask');
    expect(commands.errors).toHaveLength(1);
    expect(commands.stopped).toBe(false);
  });

  it('flags a secret whose add-mask came while commands were stopped', () => {
    const audit = auditStep(
      new SimulatedMasker(),
      { stdout: ['::stop-commands::abcdefgh', `::add-mask::${SECRET.value}`, `got ${SECRET.value}`], stderr: [] },
      [SECRET],
    );
    expect(audit.violations).toContain(
      'stdout line 2 shows the token before any mask for it: ::add-mask::<token>',
    );
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

  // HostContext registers 11 encoders (ValueEncoders.cs); each form below is what one of them adds.
  it('masks every encoding the runner registers', () => {
    const masker = new SimulatedMasker();
    const value = `"a'b&+c<d>&ef ghij~!*()"`;
    masker.addMask(value.replace(/%/g, '%25'));
    const forms = encodedForms(value);
    expect(forms).toHaveLength(12);
    expect(forms).toEqual([
      value,
      Buffer.from(value).toString('base64'),
      Buffer.from(value).subarray(1).toString('base64'),
      Buffer.from(value).subarray(2).toString('base64'),
      `\\"a'b&+c<d>&ef ghij~!*()\\"`,
      `"a''b&+c<d>&ef ghij~!*()"`,
      `\\"a'b&+c<d>&ef ghij~!*()\\"`,
      '%22a%27b%26%2Bc%3Cd%3E%26ef%20ghij~%21%2A%28%29%22',
      '&quot;a&apos;b&amp;+c&lt;d&gt;&amp;ef ghij~!*()&quot;',
      `a'b&+c<d>&ef ghij~!*()`,
      `"a'b&+`,
      `<d>&ef ghij~!*()"`,
    ]);
    for (const form of forms) expect(masker.mask(`[${form}]`)).toBe('[***]');
  });

  it('merges overlapping and touching matches into one ***, as MaskSecrets does', () => {
    const masker = new SimulatedMasker();
    masker.addMask('abcdef');
    masker.addMask('defghi');
    expect(masker.mask('x abcdefghi y abcdefdefghi')).toBe('x *** y ***');
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

// Every token value the demo has seen (the bootstrap token, each rotated version's token, the action's token), so the
// self-check can look for them in what was printed — by value, in the encodings a log could carry, and by shape.

const TOKEN_SHAPE = /veeva-vault-\S/;

export interface TokenWatch {
  remember(value: string): void;
  readonly size: number;
  /** The values seen, each with a label that names it without showing it (for the runner's log audit). */
  labelled(): { label: string; value: string }[];
  /** What in `text` looks like a leak; each finding names the kind, never the value. */
  findLeaks(text: string): string[];
}

export function createTokenWatch(): TokenWatch {
  const values = new Set<string>();
  const labelled = () => [...values].map((value, index) => ({ label: `secret value #${index + 1}`, value }));
  return {
    remember(value) {
      if (typeof value === 'string' && value !== '') values.add(value);
    },
    get size() {
      return values.size;
    },
    labelled,
    findLeaks(text) {
      const findings: string[] = [];
      for (const { label, value } of labelled()) {
        if (text.includes(value)) findings.push(`${label} seen from Vault appears verbatim`);
        else if (text.includes(Buffer.from(value, 'utf8').toString('base64'))) {
          findings.push(`${label} seen from Vault appears base64-encoded`);
        }
      }
      if (TOKEN_SHAPE.test(text)) findings.push('text shaped like a Vault token (the veeva-vault prefix) appears');
      return findings;
    },
  };
}

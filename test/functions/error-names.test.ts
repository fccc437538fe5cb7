// Every error class the rotator exports names itself with a literal (the deployed bundle is minified, so a class that
// inherits RotationError's getter would report "RotationError" and one relying on constructor.name would read "Te").
// They all live in functions/rotation/errors.ts; the other modules are scanned too, so a class defined elsewhere shows.
import { describe, expect, it } from 'vitest';
import * as allowedHosts from '../../functions/rotation/fleet/allowed-hosts.js';
import * as burstBudget from '../../functions/rotation/fleet/burst-budget.js';
import * as errors from '../../functions/rotation/errors.js';
import * as usableBy from '../../functions/rotation/fleet/usable-by.js';
import * as vaultGuard from '../../functions/rotation/fleet/guard.js';

const modules = { allowedHosts, burstBudget, errors, usableBy, vaultGuard };
const fromErrors = new Set(Object.keys(errors));

describe('the rotator’s error classes', () => {
  const classes = Object.values(modules).flatMap((module) =>
    Object.entries(module).filter(
      ([, value]) => typeof value === 'function' && (value as { prototype?: unknown }).prototype instanceof Error,
    ),
  ) as [string, { prototype: Error }][];

  it('are defined in errors.ts', () => {
    for (const [name] of classes) expect(fromErrors.has(name), name).toBe(true);
  });

  it('are all found', () => {
    expect(classes.map(([name]) => name).sort()).toEqual([
      'AllowedHostsError',
      'AuthLimitDeferredError',
      'BurstBudgetDeferredError',
      'CredentialsNotUsableError',
      'RotationError',
      'SecretValueError',
      'VaultHostNotAllowedError',
    ]);
  });

  it.each(classes)('%s declares its own literal name', (exported, cls) => {
    expect(Object.hasOwn(cls.prototype, 'name')).toBe(true);
    expect(Object.getOwnPropertyDescriptor(cls.prototype, 'name')?.get?.call(undefined)).toBe(exported);
  });
});

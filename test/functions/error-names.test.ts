// Every error class the rotator exports names itself with a literal (the deployed bundle is minified, so a class that
// inherits RotationError's getter would report "RotationError" and one relying on constructor.name would read "Te").
import { describe, expect, it } from 'vitest';
import * as allowedHosts from '../../functions/rotation/fleet/allowed-hosts.js';
import * as burstBudget from '../../functions/rotation/fleet/burst-budget.js';
import * as errors from '../../functions/rotation/errors.js';
import * as usableBy from '../../functions/rotation/fleet/usable-by.js';
import * as vaultGuard from '../../functions/rotation/fleet/guard.js';

const modules = { allowedHosts, burstBudget, errors, usableBy, vaultGuard };

describe('the rotator’s error classes', () => {
  const classes = Object.values(modules).flatMap((module) =>
    Object.entries(module).filter(
      ([, value]) => typeof value === 'function' && (value as { prototype?: unknown }).prototype instanceof Error,
    ),
  ) as [string, { prototype: Error }][];

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

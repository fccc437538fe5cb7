// An in-memory Secrets Manager behind the SDK's `send`, for unit tests. It follows the service's rules for versions
// and staging labels that the rotator depends on: the value-less AWSPENDING placeholder, VersionId + VersionStage
// agreement, PutSecretValue idempotency, and AWSPREVIOUS following a moved AWSCURRENT.

import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  InternalServiceError,
  InvalidRequestException,
  PutSecretValueCommand,
  ResourceExistsException,
  ResourceNotFoundException,
  type RotationRulesType,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import type { SecretsManagerPort } from '../../../functions/rotation/context.js';

interface FakeVersion {
  value: string | undefined;
  readonly stages: Set<string>;
}

interface FakeSecret {
  readonly arn: string;
  readonly name: string;
  rotationEnabled: boolean | undefined;
  rules: RotationRulesType | undefined;
  readonly versions: Map<string, FakeVersion>;
}

export type FakeCommandName = 'DescribeSecret' | 'GetSecretValue' | 'PutSecretValue' | 'UpdateSecretVersionStage';

export interface FakeSmCall {
  readonly command: FakeCommandName;
  readonly input: Record<string, unknown>;
}

const meta = { $metadata: { httpStatusCode: 400 } };

export class FakeSecretsManager {
  readonly calls: FakeSmCall[] = [];
  readonly #secrets = new Map<string, FakeSecret>();
  readonly #faults: { command: FakeCommandName; times: number }[] = [];
  #versionCounter = 0;
  readonly #deleted = new Set<string>();
  /** Called before every request is handled (after it is recorded): lets a test change the world mid-step. */
  beforeSend: ((command: FakeCommandName, input: Record<string, unknown>) => void) | undefined;

  readonly port: SecretsManagerPort = {
    send: ((command: unknown) => this.#send(command)) as unknown as SecretsManagerPort['send'],
  };

  createSecret(name: string, value: string, options: { rules?: RotationRulesType } = {}): string {
    const arn = `arn:aws:secretsmanager:us-east-1:123456789012:secret:${name}-AbCdEf`;
    const versions = new Map<string, FakeVersion>([[this.newVersionId(), { value, stages: new Set(['AWSCURRENT']) }]]);
    this.#secrets.set(arn, { arn, name, rotationEnabled: true, rules: options.rules, versions });
    return arn;
  }

  newVersionId(): string {
    this.#versionCounter += 1;
    return `00000000-0000-4000-8000-${String(this.#versionCounter).padStart(12, '0')}`;
  }

  /** What the service does before createSecret: a value-less version labelled AWSPENDING. */
  startRotation(arn: string, versionId = this.newVersionId()): string {
    const secret = this.#secret(arn);
    if ([...secret.versions.values()].some((v) => v.stages.has('AWSPENDING'))) {
      throw new Error('a previous rotation is not complete');
    }
    secret.versions.set(versionId, { value: undefined, stages: new Set(['AWSPENDING']) });
    return versionId;
  }

  /** What the service does after finishSecret succeeds. */
  completeRotation(arn: string, versionId: string): void {
    this.#secret(arn).versions.get(versionId)?.stages.delete('AWSPENDING');
  }

  setRotationEnabled(arn: string, enabled: boolean | undefined): void {
    this.#secret(arn).rotationEnabled = enabled;
  }

  /** A version outside any rotation (PutSecretValue by a person), optionally with given labels. */
  putVersion(arn: string, value: string | undefined, stages: string[], versionId = this.newVersionId()): string {
    const secret = this.#secret(arn);
    for (const stage of stages) this.#moveStage(secret, stage, versionId, true);
    const version = secret.versions.get(versionId) ?? { value, stages: new Set<string>() };
    version.value = value;
    for (const stage of stages) version.stages.add(stage);
    secret.versions.set(versionId, version);
    return versionId;
  }

  /** DeleteSecret with a recovery window: from now on every request on the secret is refused. */
  scheduleDeletion(arn: string): void {
    this.#deleted.add(this.#secret(arn).arn);
  }

  injectFault(command: FakeCommandName, times = 1): void {
    this.#faults.push({ command, times });
  }

  valueAt(arn: string, stage: string): string | undefined {
    return [...this.#secret(arn).versions.values()].find((v) => v.stages.has(stage))?.value;
  }

  versionWith(arn: string, stage: string): string | undefined {
    return [...this.#secret(arn).versions.entries()].find(([, v]) => v.stages.has(stage))?.[0];
  }

  stages(arn: string): Record<string, string[]> {
    return Object.fromEntries([...this.#secret(arn).versions.entries()].map(([id, v]) => [id, [...v.stages]]));
  }

  callsTo(command: FakeCommandName): FakeSmCall[] {
    return this.calls.filter((call) => call.command === command);
  }

  async #send(command: unknown): Promise<unknown> {
    const [name, input] = commandOf(command);
    this.calls.push({ command: name, input });
    this.beforeSend?.(name, input);
    const fault = this.#faults.find((f) => f.command === name && f.times > 0);
    if (fault) {
      fault.times -= 1;
      throw new InternalServiceError({ message: `injected fault on ${name}`, $metadata: { httpStatusCode: 500 } });
    }
    const secret = this.#secret(String(input.SecretId));
    if (this.#deleted.has(secret.arn)) {
      throw new InvalidRequestException({
        message: "You can't perform this operation on the secret because it was marked for deletion.",
        ...meta,
      });
    }
    switch (name) {
      case 'DescribeSecret':
        return {
          ARN: secret.arn,
          Name: secret.name,
          RotationEnabled: secret.rotationEnabled,
          RotationRules: secret.rules,
          // As the service: only versions with a label (versions without one are deprecated and not listed).
          VersionIdsToStages: Object.fromEntries(
            Object.entries(this.stages(secret.arn)).filter(([, stages]) => stages.length > 0),
          ),
        };
      case 'GetSecretValue':
        return this.#get(secret, input.VersionId as string | undefined, input.VersionStage as string | undefined);
      case 'PutSecretValue':
        return this.#put(secret, input);
      case 'UpdateSecretVersionStage':
        return this.#update(secret, input);
    }
  }

  #get(secret: FakeSecret, versionId: string | undefined, stage: string | undefined): unknown {
    const wantedStage = stage ?? (versionId === undefined ? 'AWSCURRENT' : undefined);
    const entry = [...secret.versions.entries()].find(
      ([id, v]) =>
        (versionId === undefined || id === versionId) && (wantedStage === undefined || v.stages.has(wantedStage)),
    );
    if (entry === undefined || entry[1].value === undefined) {
      throw new ResourceNotFoundException({
        message: `Secrets Manager can't find the specified secret value for staging label: ${wantedStage ?? versionId}`,
        ...meta,
      });
    }
    return { ARN: secret.arn, VersionId: entry[0], SecretString: entry[1].value, VersionStages: [...entry[1].stages] };
  }

  #put(secret: FakeSecret, input: Record<string, unknown>): unknown {
    const versionId = String(input.ClientRequestToken);
    const value = String(input.SecretString);
    const stages = (input.VersionStages as string[] | undefined) ?? ['AWSCURRENT'];
    const existing = secret.versions.get(versionId);
    if (existing?.value !== undefined) {
      if (existing.value !== value) {
        throw new ResourceExistsException({
          message: 'A version with this ClientRequestToken already exists',
          ...meta,
        });
      }
      return { ARN: secret.arn, VersionId: versionId };
    }
    for (const stage of stages) this.#moveStage(secret, stage, versionId, true);
    const version = existing ?? { value: undefined, stages: new Set<string>() };
    version.value = value;
    for (const stage of stages) version.stages.add(stage);
    secret.versions.set(versionId, version);
    return { ARN: secret.arn, VersionId: versionId };
  }

  #update(secret: FakeSecret, input: Record<string, unknown>): unknown {
    const stage = String(input.VersionStage);
    const moveTo = input.MoveToVersionId as string | undefined;
    const removeFrom = input.RemoveFromVersionId as string | undefined;
    const holder = [...secret.versions.entries()].find(([, v]) => v.stages.has(stage))?.[0];
    if (holder !== undefined && holder !== moveTo && holder !== removeFrom) {
      throw new InvalidRequestException({
        message: `The staging label ${stage} is on version ${holder}; pass it as RemoveFromVersionId`,
        ...meta,
      });
    }
    if (moveTo !== undefined && !secret.versions.has(moveTo)) {
      throw new ResourceNotFoundException({ message: `no version ${moveTo}`, ...meta });
    }
    if (removeFrom !== undefined) secret.versions.get(removeFrom)?.stages.delete(stage);
    if (moveTo !== undefined) {
      this.#moveStage(secret, stage, moveTo, false);
      secret.versions.get(moveTo)?.stages.add(stage);
    }
    if (stage === 'AWSCURRENT' && moveTo !== undefined && removeFrom !== undefined && removeFrom !== moveTo) {
      this.#moveStage(secret, 'AWSPREVIOUS', removeFrom, false);
      secret.versions.get(removeFrom)?.stages.add('AWSPREVIOUS');
    }
    return { ARN: secret.arn };
  }

  /** Takes `stage` off every other version; moving AWSCURRENT by a put also moves AWSPREVIOUS. */
  #moveStage(secret: FakeSecret, stage: string, toVersionId: string, byPut: boolean): void {
    for (const [id, version] of secret.versions) {
      if (id === toVersionId || !version.stages.has(stage)) continue;
      version.stages.delete(stage);
      if (stage === 'AWSCURRENT' && byPut) {
        for (const other of secret.versions.values()) other.stages.delete('AWSPREVIOUS');
        version.stages.add('AWSPREVIOUS');
      }
    }
  }

  #secret(arn: string): FakeSecret {
    const secret = this.#secrets.get(arn) ?? [...this.#secrets.values()].find((s) => s.name === arn);
    if (secret === undefined) throw new ResourceNotFoundException({ message: `no secret ${arn}`, ...meta });
    return secret;
  }
}

function commandOf(command: unknown): [FakeCommandName, Record<string, unknown>] {
  const input = (command as { input: Record<string, unknown> }).input;
  if (command instanceof DescribeSecretCommand) return ['DescribeSecret', input];
  if (command instanceof GetSecretValueCommand) return ['GetSecretValue', input];
  if (command instanceof PutSecretValueCommand) return ['PutSecretValue', input];
  if (command instanceof UpdateSecretVersionStageCommand) return ['UpdateSecretVersionStage', input];
  throw new Error('FakeSecretsManager: unexpected command');
}

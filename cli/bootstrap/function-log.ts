// The reason a rotation failed, from the rotation function's CloudWatch log (/aws/lambda/NAME): the last error line
// written since the rotation started. CloudWatch Logs may be out of reach (no permission, a local endpoint that does
// not serve it): then the reason is "unknown", and why, never a failure of its own.
import { FilterLogEventsCommand, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';

export type LogReading =
  | { readonly kind: 'error'; readonly message: string }
  | { readonly kind: 'none' }
  | { readonly kind: 'unavailable'; readonly why: string };

export function logGroupOf(lambdaArn: string): string {
  return `/aws/lambda/${/:function:([^:]+)/.exec(lambdaArn)?.[1] ?? lambdaArn}`;
}

export async function latestFunctionError(logs: CloudWatchLogsClient, lambdaArn: string, since: number): Promise<LogReading> {
  try {
    const answer = await logs.send(
      new FilterLogEventsCommand({ logGroupName: logGroupOf(lambdaArn), startTime: since, filterPattern: 'ERROR', limit: 50 }),
      { abortSignal: AbortSignal.timeout(5000) },
    );
    const last = answer.events?.at(-1)?.message;
    return last === undefined ? { kind: 'none' } : { kind: 'error', message: summarise(last) };
  } catch (error) {
    if (error instanceof Error && error.name === 'ResourceNotFoundException') return { kind: 'none' };
    return { kind: 'unavailable', why: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

/** The Lambda runtime's `Invoke Error {"errorType","errorMessage"}` or a Powertools JSON line, cut to what matters. */
function summarise(line: string): string {
  const json = line.slice(line.indexOf('{'));
  try {
    const parsed = JSON.parse(json) as Record<string, unknown>;
    const type = parsed.errorType ?? parsed.error_name ?? (parsed.error as Record<string, unknown> | undefined)?.name;
    const message = parsed.errorMessage ?? (parsed.error as Record<string, unknown> | undefined)?.message ?? parsed.message;
    const step = typeof parsed.step === 'string' ? ` in ${parsed.step}` : '';
    if (typeof message === 'string') return `${typeof type === 'string' ? `${type}${step}: ` : ''}${message}`;
  } catch {
    // not JSON: the line as written
  }
  return line.trim().slice(0, 500);
}

// CloudWatch Logs' FilterLogEvents (AWS JSON 1.1, X-Amz-Target Logs_20140328.FilterLogEvents) over the log lines of
// the rotation functions the stand-in invoked: enough for a client reading "why did the rotation fail". A filter
// pattern is matched as plain words, all of which must appear.
import { ServiceError } from './errors.js';
import type { Store } from './model.js';

export const LOGS_TARGET = 'Logs_20140328.FilterLogEvents';

export function filterLogEvents(store: Store, body: unknown) {
  const request = (body ?? {}) as Record<string, unknown>;
  const group = request.logGroupName;
  if (typeof group !== 'string' || group === '') {
    throw new ServiceError('InvalidParameterException', 'logGroupName is required.');
  }
  const inGroup = store.functionLogs.filter((event) => event.logGroupName === group);
  if (inGroup.length === 0) throw new ServiceError('ResourceNotFoundException', 'The specified log group does not exist.');
  const start = typeof request.startTime === 'number' ? request.startTime : 0;
  const words = typeof request.filterPattern === 'string' ? request.filterPattern.split(/\s+/).filter(Boolean) : [];
  const events = inGroup
    .filter((event) => event.timestamp >= start)
    .filter((event) => words.every((word) => event.message.includes(word.replace(/^"|"$/g, ''))))
    .map((event, index) => ({
      logStreamName: 'stand-in',
      timestamp: event.timestamp,
      ingestionTime: event.timestamp,
      message: event.message,
      eventId: String(index),
    }));
  return { events, searchedLogStreams: [{ logStreamName: 'stand-in', searchedCompletely: true }] };
}

import { HttpException, HttpStatus } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { DomainError } from './domain-error';

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: unknown;
}

const codeByStatus: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE',
  429: 'RATE_LIMITED',
  503: 'UNAVAILABLE',
};

/** Seconds a client is told to wait while the database is unreachable. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;
// Connection-level SQLSTATE classes: 08 connection exception, 57P admin shutdown / crash / cannot connect now, 53300 too many connections.
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[1-3]|53300)$/;
const UNAVAILABLE_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH']);
// node-postgres's pool and client report these without a code.
const UNAVAILABLE_MESSAGE = /timeout exceeded when trying to connect|Connection terminated|Client has encountered a connection error/;

/** Whether the error means the database could not be reached (as opposed to a query it refused). */
export function isDatabaseUnavailable(error: unknown): boolean {
  const cause = error instanceof QueryFailedError ? (error.driverError as unknown) : error;
  if (typeof cause !== 'object' || cause === null) return false;
  const { code, message, errors } = cause as { code?: unknown; message?: unknown; errors?: unknown };
  if (typeof code === 'string' && (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_ERRNO.has(code))) return true;
  // Node reports a refused connection to a host with several addresses as an AggregateError.
  if (Array.isArray(errors)) return errors.some(isDatabaseUnavailable);
  return typeof message === 'string' && UNAVAILABLE_MESSAGE.test(message);
}

const camelCase = (column: string) => column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/**
 * A reference to a row that does not exist is the client's mistake (400, naming the field); removing a row others
 * still point at is a conflict. PostgreSQL's detail reads `Key (preferred_store_id)=(...) is not present in table "store".`
 */
function foreignKeyViolation(detail: string): { body: ErrorBody; internal: boolean } {
  const missing = /^Key \((\w+)\)=\(.*\) is not present in table "(\w+)"/.exec(detail);
  if (missing) {
    const field = camelCase(missing[1]);
    return {
      body: {
        statusCode: HttpStatus.BAD_REQUEST,
        code: 'UNKNOWN_REFERENCE',
        message: `${field} names no existing ${missing[2]}`,
        details: [{ field, reasons: [`no ${missing[2]} with this id`] }],
      },
      internal: false,
    };
  }
  return { body: { statusCode: HttpStatus.CONFLICT, code: 'STILL_REFERENCED', message: 'Other records still refer to this one' }, internal: false };
}

/** Maps any thrown value to the one public error model. `internal` tells the caller to log it. */
export function toErrorResponse(error: unknown): { body: ErrorBody; internal: boolean; retryAfterSeconds?: number } {
  if (isDatabaseUnavailable(error)) {
    return {
      body: { statusCode: HttpStatus.SERVICE_UNAVAILABLE, code: 'DATABASE_UNAVAILABLE', message: 'The service is briefly unavailable; retry shortly' },
      internal: false,
      retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS,
    };
  }
  if (error instanceof DomainError) {
    return { body: { statusCode: error.status, code: error.code, message: error.message, ...(error.details !== undefined && { details: error.details }) }, internal: false };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    const message = typeof response === 'string' ? response : String((response as { message?: unknown }).message ?? error.message);
    // Fastify's body parser errors reach us as plain HttpExceptions; malformed JSON deserves its own code.
    const code = status === 400 && /JSON/.test(message) ? 'INVALID_JSON' : (codeByStatus[status] ?? `HTTP_${status}`);
    return { body: { statusCode: status, code, message }, internal: false };
  }
  if (error instanceof QueryFailedError) {
    const driverError = error.driverError as { code?: string; constraint?: string; detail?: string };
    if (driverError.code === '23505') {
      return {
        body: {
          statusCode: HttpStatus.CONFLICT,
          code: 'ALREADY_EXISTS',
          message: 'A record with the same unique value already exists',
          details: { constraint: driverError.constraint },
        },
        internal: false,
      };
    }
    if (driverError.code === '23503') return foreignKeyViolation(driverError.detail ?? '');
    if (driverError.code === '22P02' || driverError.code === '22007' || driverError.code === '22008') {
      return { body: { statusCode: HttpStatus.BAD_REQUEST, code: 'INVALID_VALUE', message: 'A value has an invalid format' }, internal: false };
    }
  }
  return { body: { statusCode: 500, code: 'INTERNAL_ERROR', message: 'Something went wrong on our side; the request id in the logs identifies it' }, internal: true };
}

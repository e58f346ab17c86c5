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


/** Maps any thrown value to the one public error model. `internal` tells the caller to log it. */
export function toErrorResponse(error: unknown): { body: ErrorBody; internal: boolean } {
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
      return { body: { statusCode: HttpStatus.CONFLICT, code: 'ALREADY_EXISTS', message: 'A record with the same unique value already exists', details: { constraint: driverError.constraint } }, internal: false };
    }
    if (driverError.code === '22P02' || driverError.code === '22007' || driverError.code === '22008') {
      return { body: { statusCode: HttpStatus.BAD_REQUEST, code: 'INVALID_VALUE', message: 'A value has an invalid format' }, internal: false };
    }
  }
  return { body: { statusCode: 500, code: 'INTERNAL_ERROR', message: 'Something went wrong on our side; the request id in the logs identifies it' }, internal: true };
}

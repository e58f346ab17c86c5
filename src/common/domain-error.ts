import { HttpStatus } from '@nestjs/common';

/** An expected failure with a stable machine-readable code; the global filter turns it into `{statusCode, code, message, details?}`. */
export class DomainError extends Error {
  constructor(
    readonly status: HttpStatus,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const notFound = (code: string, message: string, details?: unknown) => new DomainError(HttpStatus.NOT_FOUND, code, message, details);
export const conflict = (code: string, message: string, details?: unknown) => new DomainError(HttpStatus.CONFLICT, code, message, details);
export const badRequest = (code: string, message: string, details?: unknown) => new DomainError(HttpStatus.BAD_REQUEST, code, message, details);
export const unprocessable = (code: string, message: string, details?: unknown) => new DomainError(HttpStatus.UNPROCESSABLE_ENTITY, code, message, details);
export const forbidden = (code: string, message: string, details?: unknown) => new DomainError(HttpStatus.FORBIDDEN, code, message, details);
export const unauthorized = (code: string, message: string) => new DomainError(HttpStatus.UNAUTHORIZED, code, message);

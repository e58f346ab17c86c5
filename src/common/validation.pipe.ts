import { ValidationError, ValidationPipe } from '@nestjs/common';
import { badRequest } from './domain-error';

/** Flattens nested class-validator errors into `[{field: "a.b[0].c", reasons: [...]}]`. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): { field: string; reasons: string[] }[] {
  return errors.flatMap((error) => {
    const field = /^\d+$/.test(error.property) ? `${parent}[${error.property}]` : parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, reasons: Object.values(error.constraints) }] : [];
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

/** The one 400 for invalid input, naming each bad field. */
export function validationFailed(errors: ValidationError[]) {
  const details = flattenValidationErrors(errors);
  const summary = details.map((d) => `${d.field}: ${d.reasons[0]}`).join('; ');
  return badRequest('VALIDATION_FAILED', `Invalid request: ${summary}`, details);
}

/** Validation at the edge: unknown fields are refused, values are converted to the DTO's types. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true, exceptionFactory: validationFailed });
}

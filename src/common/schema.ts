import { ApiBody } from '@nestjs/swagger';
import { z } from 'zod';
import type { DomainError } from './domain-error';
import { validationFailed, type FieldError } from './validation.pipe';

// Input that is not a plain DTO is checked by a zod schema (ajv on the hottest route) and answered with the
// same `details` as the validation pipe: `[{field: "a.b[0].c", reasons: [...]}]`.

export const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `["items", 0, "sku"]` -> `items[0].sku`, the notation of every 400. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), '');
}

/** A problem on an unknown field, worded as the validation pipe words it. */
export const unknownField = (path: readonly PropertyKey[], key: string): FieldError => ({ field: fieldPath([...path, key]), reasons: [`property ${key} should not exist`] });

/** zod names unknown keys in one issue; the API names each field on its own. */
export function zodFieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys' ? issue.keys.map((key) => unknownField(issue.path, key)) : [{ field: fieldPath(issue.path), reasons: [issue.message] }],
  );
}

/** Parses `value`, or throws the one 400 (VALIDATION_FAILED unless the caller names its own error). */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, fail: (errors: FieldError[]) => DomainError = validationFailed): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw fail(zodFieldErrors(result.error));
  return result.data;
}

type OpenApiSchema = NonNullable<Extract<Parameters<typeof ApiBody>[0], { schema?: unknown }>['schema']>;

/** The body's schema in the OpenAPI document, from the schema that validates it. */
export const ApiBodySchema = (schema: z.ZodType | object): MethodDecorator =>
  ApiBody({ schema: (schema instanceof z.ZodType ? z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'input', unrepresentable: 'any' }) : schema) as OpenApiSchema });

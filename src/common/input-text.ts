import type { FastifyInstance } from 'fastify';
import { badRequest } from './domain-error';

/** Deeper JSON than any Relais body needs; recursive validators would overflow the stack long before 6,000 levels. */
export const MAX_JSON_DEPTH = 64;

/** Whether a JSON text nests arrays and objects deeper than `max` (brackets inside strings do not count). */
export function jsonNestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 /* [ */ || c === 123 /* { */) {
      if (++depth > max) return true;
    } else if (c === 93 /* ] */ || c === 125 /* } */) depth--;
  }
  return false;
}

/** Text PostgreSQL cannot store (a NUL byte) or that is not Unicode (a lone UTF-16 surrogate). */
const BAD_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const isBadText = (s: string) => BAD_TEXT.test(s);

/** The path of the first bad string (keys included) in a parsed value, or undefined. */
export function findBadText(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') return isBadText(value) ? path : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, item] of Object.entries(value)) {
    const at = Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
    if (isBadText(key)) return at;
    const found = findBadText(item, at);
    if (found !== undefined) return found;
  }
  return undefined;
}

const invalidText = (field: string) =>
  badRequest('INVALID_TEXT', `${field || 'the body'} holds a NUL character or broken Unicode`, [{ field, reasons: ['must not contain NUL characters or lone surrogates'] }]);

/**
 * JSON bodies are bounded in depth and hold storable text; an empty body with a JSON content type (what many HTTP
 * clients send on DELETE) is no body. Query strings and path parameters are held to the same text rule.
 */
export function guardInputText(fastify: FastifyInstance): void {
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    if (text.trim() === '') return done(null, undefined);
    if (jsonNestsDeeperThan(text, MAX_JSON_DEPTH)) return done(badRequest('INVALID_JSON', `JSON nested deeper than ${MAX_JSON_DEPTH} levels`), undefined);
    void parseJson(request, text, (error, value) => {
      if (error) return done(error, undefined);
      const bad = findBadText(value);
      done(bad === undefined ? null : invalidText(bad), value);
    });
  });
  fastify.addHook('preValidation', async (request) => {
    for (const source of [request.params, request.query]) {
      const bad = findBadText(source);
      if (bad !== undefined) throw invalidText(bad);
    }
  });
}

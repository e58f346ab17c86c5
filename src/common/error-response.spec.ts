import { BadRequestException, NotFoundException } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { conflict } from './domain-error';
import { toErrorResponse } from './error-response';

const queryError = (driverError: object) => new QueryFailedError('INSERT ...', [], Object.assign(new Error('db'), driverError));

describe('the one error model', () => {
  it('renders domain errors with their code and details', () => {
    expect(toErrorResponse(conflict('SLOT_FULL', 'That slot is full', { slot: 'x' }))).toEqual({
      body: { statusCode: 409, code: 'SLOT_FULL', message: 'That slot is full', details: { slot: 'x' } },
      internal: false,
    });
  });

  it('gives HTTP exceptions a stable code, and malformed JSON its own', () => {
    expect(toErrorResponse(new NotFoundException('Cannot GET /x')).body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
    expect(toErrorResponse(new BadRequestException("Body is not valid JSON but content-type is set to 'application/json'")).body.code).toBe('INVALID_JSON');
  });

  it('turns unique violations into 409 and malformed values into 400', () => {
    expect(toErrorResponse(queryError({ code: '23505', constraint: 'advisor_email_key' })).body).toMatchObject({ statusCode: 409, code: 'ALREADY_EXISTS', details: { constraint: 'advisor_email_key' } });
    expect(toErrorResponse(queryError({ code: '22P02' })).body).toMatchObject({ statusCode: 400, code: 'INVALID_VALUE' });
  });

  it('hides unknown errors behind a generic 500 and flags them for logging', () => {
    const { body, internal } = toErrorResponse(new Error('password=hunter2 in some stack'));
    expect(internal).toBe(true);
    expect(body).toEqual({ statusCode: 500, code: 'INTERNAL_ERROR', message: expect.not.stringContaining('hunter2') });
  });
});

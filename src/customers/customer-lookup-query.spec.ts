import { ValidationPipe } from '@nestjs/common';
import { DomainError } from '../common/domain-error';
import { flattenValidationErrors, validationFailed } from '../common/validation.pipe';
import { parseCustomerLookupQuery } from './customer-lookup-query';
import { CustomerLookupQueryDto } from './dto/customer.dto';

/** What the class-validator pipe (the one every other DTO goes through) makes of the same query. */
const classValidatorPipe = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  exceptionFactory: (errors) => validationFailed(flattenValidationErrors(errors)),
});

type Outcome = { value: object } | { status: number; code: string; details: { field: string; reasons: string[] }[] };

const withFirstReasons = (o: Outcome) => ('details' in o ? { ...o, details: o.details.map((d) => ({ field: d.field, reasons: d.reasons.length > 0 })) } : o);

async function outcome(run: () => unknown): Promise<Outcome> {
  // A plain copy: the pipe answers a DTO instance, the parser a plain object with the same fields.
  try {
    return { value: { ...((await run()) as object) } };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const details = error.details as { field: string; reasons: string[] }[];
    return { status: error.status, code: error.code, details: details.map((d) => ({ ...d, reasons: [...d.reasons].sort() })).sort((a, b) => a.field.localeCompare(b.field)) };
  }
}

describe('customer lookup query schema', () => {
  const queries: Record<string, unknown>[] = [
    {},
    { phone: '06 12 34 56 78' },
    { email: 'Lea@Example.fr', limit: '5' },
    { identity: 'loyalty_card:FID-1', cursor: 'abc' },
    { q: 'mar', limit: '100' },
    { limit: '1000' },
    { limit: '0' },
    { limit: '1.5' },
    { limit: 'abc' },
    { limit: ' 7' },
    { limit: '' },
    { limit: ['1', '2'] },
    { phone: ['0612345678', '0698765432'] },
    { phone: '0'.repeat(41) },
    { email: `${'a'.repeat(250)}@b.fr` },
    { identity: 'x'.repeat(261), q: 'y'.repeat(101), cursor: 'z'.repeat(501) },
    { email: '' },
    { unknown: '1', phone: '0612345678' },
    { other: 'x', limit: '-1' },
  ];

  it.each(queries.map((query) => [JSON.stringify(query).slice(0, 60), query]))('%s: same outcome as the class-validator DTO', async (_label, query) => {
    const bySchema = await outcome(() => parseCustomerLookupQuery(query));
    const byClassValidator = await outcome(() => classValidatorPipe.transform(query, { type: 'query', metatype: CustomerLookupQueryDto }));
    // The schema stops at a field's first problem; class-validator lists them all. The first one must be among them.
    expect(withFirstReasons(bySchema)).toEqual(withFirstReasons(byClassValidator));
    if ('details' in bySchema) {
      bySchema.details.forEach((d, i) => expect((byClassValidator as typeof bySchema).details[i].reasons).toEqual(expect.arrayContaining(d.reasons)));
    }
  });

  it('answers 400 naming the field and the reason', () => {
    expect(() => parseCustomerLookupQuery({ phone: ['1', '2'] })).toThrow('Invalid request: phone: phone must be a string');
    expect(() => parseCustomerLookupQuery({ limit: '1000' })).toThrow('limit: limit must not be greater than 100');
    expect(() => parseCustomerLookupQuery({ name: 'x' })).toThrow('name: property name should not exist');
  });

  it('defaults the page size and converts it to a number', () => {
    expect(parseCustomerLookupQuery({ phone: '0612345678' })).toEqual({ phone: '0612345678', limit: 20 });
    expect(parseCustomerLookupQuery({ limit: '5' })).toEqual({ limit: 5 });
  });
});

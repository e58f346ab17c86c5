import { ValidateBy } from 'class-validator';

/**
 * A money amount: a finite number with at most two decimals. class-validator's `IsNumber({ maxDecimalPlaces })`
 * throws on numbers JSON writes with an exponent (`-9e-323`), which turned a bad amount into a 500.
 */
export const IsAmount = (): PropertyDecorator =>
  ValidateBy({
    name: 'isAmount',
    validator: {
      validate: (value: unknown) => typeof value === 'number' && Number.isFinite(value) && Number(value.toFixed(2)) === value,
      defaultMessage: (args) => `${args?.property ?? 'the value'} must be an amount with at most two decimals`,
    },
  });

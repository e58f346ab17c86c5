import { ValidateIf } from 'class-validator';

/**
 * The field may be left out, but `null` is not a value of it: it is checked like any other value, so
 * `{"email": null}` gets a 400 naming the field. (`@IsOptional()` lets null through, to fail later in the database;
 * keep it for the few fields where null means "clear".)
 */
export const Omittable = (): PropertyDecorator => ValidateIf((_, value) => value !== undefined);

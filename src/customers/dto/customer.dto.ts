import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsNotEmpty, IsString, IsUUID, Matches, MaxLength, ValidateNested, registerDecorator, ValidationArguments } from 'class-validator';
import { PageQueryDto } from '../../common/pagination';
import { parseCustomerLookupQuery } from '../customer-lookup-query';
import { IDENTITY_KINDS, IdentityKind } from '../identity/identity-normalizer';
import type { AttributeValue, Consents } from '../customer.entity';
import { Omittable } from '../../common/omittable';

/** Custom attributes: up to 50 snake_case keys with string (<= 500 chars), number, boolean or null values. */
function IsAttributeMap() {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isAttributeMap',
      target: target.constructor,
      propertyName,
      validator: {
        validate(value: unknown) {
          if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
          const entries = Object.entries(value);
          return (
            entries.length <= 50 &&
            entries.every(
              ([key, v]) => /^[a-z][a-z0-9_]{0,49}$/.test(key) && (v === null || typeof v === 'number' || typeof v === 'boolean' || (typeof v === 'string' && v.length <= 500)),
            )
          );
        },
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property} must be an object of at most 50 snake_case keys with string (max 500 chars), number, boolean or null values`,
      },
    });
}

export class IdentityDto {
  @IsIn(IDENTITY_KINDS)
  kind: IdentityKind;

  @IsString()
  @IsNotEmpty()
  @MaxLength(254)
  value: string;
}

export class ConsentChangeDto {
  @IsBoolean()
  granted: boolean;
}

export class ConsentsDto {
  @ValidateNested()
  @Type(() => ConsentChangeDto)
  @Omittable()
  marketingEmail?: ConsentChangeDto;

  @ValidateNested()
  @Type(() => ConsentChangeDto)
  @Omittable()
  tracking?: ConsentChangeDto;

  /** Where the consent was collected, e.g. `web_checkout`, `store_form`. Defaults to the API caller. */
  @IsString()
  @MaxLength(60)
  @Omittable()
  source?: string;
}

class ProfileFieldsDto {
  @IsString()
  @MaxLength(200)
  @Omittable()
  name?: string;

  @IsString()
  @MaxLength(254)
  @Omittable()
  email?: string;

  /** Any format; French numbers by default (`06 12 34 56 78`, `+33612345678`, `0033 6 12 34 56 78`). */
  @IsString()
  @MaxLength(40)
  @Omittable()
  phone?: string;

  /** BCP 47 language tag, e.g. `fr-FR`, `en`. */
  @Matches(/^[a-z]{2}(-[A-Z]{2})?$/, { message: 'locale must look like "fr" or "fr-FR"' })
  @Omittable()
  locale?: string;

  @IsAttributeMap()
  @Omittable()
  attributes?: Record<string, AttributeValue>;

  @IsArray()
  @ArrayMaxSize(50)
  @Matches(/^[a-z0-9][a-z0-9_-]{0,39}$/, { each: true, message: 'each tag must be lower-case letters, digits, _ or - (max 40)' })
  @Omittable()
  tags?: string[];

  @IsUUID()
  @Omittable()
  preferredStoreId?: string;

  /** The store advisor who "owns" this client. */
  @IsUUID()
  @Omittable()
  ownerAdvisorId?: string;

  @ValidateNested()
  @Type(() => ConsentsDto)
  @Omittable()
  consents?: ConsentsDto;
}

export class CreateCustomerDto extends ProfileFieldsDto {
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => IdentityDto)
  @Omittable()
  identities?: IdentityDto[];
}

export class UpdateCustomerDto extends ProfileFieldsDto {}

export class MyClientsQueryDto extends PageQueryDto {
  /** Name, e-mail or phone prefix (2+ characters). */
  @IsString()
  @MaxLength(100)
  @Omittable()
  q?: string;
}

export class CustomerLookupQueryDto extends PageQueryDto {
  /** The hot path's own check of these same rules (see `ParsesItself`). */
  static readonly parse = (value: unknown): CustomerLookupQueryDto => parseCustomerLookupQuery(value);

  /** Exact e-mail, any case. */
  @IsString()
  @MaxLength(254)
  @Omittable()
  email?: string;

  /** Phone in any format. */
  @IsString()
  @MaxLength(40)
  @Omittable()
  phone?: string;

  /** `kind:value`, e.g. `loyalty_card:FID-0042`. */
  @IsString()
  @MaxLength(260)
  @Omittable()
  identity?: string;

  /** Name, e-mail or phone prefix (2+ characters). */
  @IsString()
  @MaxLength(100)
  @Omittable()
  q?: string;
}

export class CustomerResponseDto {
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  locale: string | null;
  consents: Consents;
  attributes: Record<string, AttributeValue>;
  tags: string[];
  preferredStoreId: string | null;
  ownerAdvisorId: string | null;
  lifetimeValue: number;
  orderCount: number;
  identities: IdentityDto[];
  createdAt: Date;
  updatedAt: Date;
}

export class ErasureResponseDto {
  customerId: string;
  erasedAt: Date;
  /** Rows erased or anonymised, per table. */
  rowsErased: Record<string, number>;
}

export class MyClientDto extends CustomerResponseDto {
  /** The latest of the client's website activity and recorded interactions; null when nothing was seen yet. */
  lastActivityAt: Date | null;
}

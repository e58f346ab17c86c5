import { IsEmail, IsString, Matches, MaxLength } from 'class-validator';
import { Omittable } from '../../common/omittable';

export class CreateStockAlertDto {
  @IsString()
  @MaxLength(100)
  @Matches(/\S/, { message: 'sku must not be blank' })
  sku: string;

  /** Where to send the one mail when the product is back; asking is the consent to that mail. */
  @IsEmail()
  @MaxLength(254)
  email: string;

  /** The visitor's language (e.g. "fr-FR"); English otherwise. */
  @IsString()
  @MaxLength(35)
  @Omittable()
  locale?: string;
}

export class StockAlertResponseDto {
  id: string;
  sku: string;
  status: string;
  consentedAt: Date;
}

export class RestockedResponseDto {
  sku: string;
  /** Alerts this call mailed (a concurrent call mails the others). */
  notified: number;
}

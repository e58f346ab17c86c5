import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import { SITE_LOCALES, type SiteLocale } from '../site.entity';
import { Omittable } from '../../common/omittable';

const ORIGIN = /^https?:\/\/[^/?#\s]+\/?$/i;
const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateSiteDto {
  /** What the site is, e.g. "Main shop". */
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name: string;

  /** Browser origins allowed to use the widget, e.g. `https://shop.example` (scheme, host and port; no path). */
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Matches(ORIGIN, { each: true, message: 'each allowed origin must be scheme://host[:port], e.g. https://shop.example' })
  @Omittable()
  allowedOrigins?: string[];

  /** The widget's language when the page states none (default fr). */
  @IsIn(SITE_LOCALES)
  @Omittable()
  defaultLocale?: SiteLocale;
}

export class UpdateSiteDto {
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  @Omittable()
  name?: string;

  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Matches(ORIGIN, { each: true, message: 'each allowed origin must be scheme://host[:port], e.g. https://shop.example' })
  @Omittable()
  allowedOrigins?: string[];

  @IsIn(SITE_LOCALES)
  @Omittable()
  defaultLocale?: SiteLocale;
}

export class SiteWithSecretDto {
  id: string;
  name: string;
  /** Public: the widget sends it as `X-Site-Key`. */
  siteKey: string;
  /** Secret: signs identity tokens (HMAC-SHA256 or HS256 JWT) on the merchant's server; never put it in a page. */
  identitySecret: string;
  /** Origins whose pages may call the widget API; empty: any origin in demo/embedded mode, none in production. */
  allowedOrigins: string[];
  defaultLocale: SiteLocale;
  createdAt: Date;
  updatedAt: Date;
}

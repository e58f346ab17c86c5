import { Column, Entity } from 'typeorm';
import { TimestampedEntity } from '../database/timestamped.entity';

export const SITE_LOCALES = ['fr', 'en'] as const;
export type SiteLocale = (typeof SITE_LOCALES)[number];

/** A website or app embedding the widget: a public site key, and a secret the merchant signs identity tokens with. */
@Entity('site')
export class Site extends TimestampedEntity {
  @Column('text')
  name: string;

  @Column('text', { name: 'site_key' })
  siteKey: string;

  @Column('text', { name: 'identity_secret', select: false })
  identitySecret: string;

  /** Browser origins (`https://shop.example`) allowed to call the widget API; see `site-origins.ts` for an empty list. */
  @Column('text', { name: 'allowed_origins', array: true, default: '{}' })
  allowedOrigins: string[];

  @Column('text', { name: 'default_locale', default: 'fr' })
  defaultLocale: SiteLocale;
}

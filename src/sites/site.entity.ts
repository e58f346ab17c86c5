import { Column, Entity } from 'typeorm';
import { TimestampedEntity } from '../database/timestamped.entity';

/** A website or app embedding the widget: a public site key, and a secret the merchant signs identity tokens with. */
@Entity('site')
export class Site extends TimestampedEntity {
  @Column('text')
  name: string;

  @Column('text', { name: 'site_key' })
  siteKey: string;

  @Column('text', { name: 'identity_secret', select: false })
  identitySecret: string;

  @Column('text', { name: 'allowed_origins', array: true, default: '{}' })
  allowedOrigins: string[];
}

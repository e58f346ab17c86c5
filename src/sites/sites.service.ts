import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { TtlCache } from '../common/ttl-cache';
import { Site } from './site.entity';

export interface SiteCredentials {
  id: string;
  identitySecret: string;
}

@Injectable()
export class SitesService {
  private readonly cache = new TtlCache<SiteCredentials | null>(30_000);

  constructor(@InjectRepository(Site) private readonly sites: Repository<Site>) {}

  /** Makes sure a site with this public key exists (bootstrap from `RELAIS_SITE_KEY`, demo data). */
  async ensure(siteKey: string, name = 'Main website'): Promise<Site> {
    const existing = await this.sites.findOneBy({ siteKey });
    if (existing) return existing;
    return this.sites.save(this.sites.create({ siteKey, name, identitySecret: randomBytes(32).toString('base64url') }));
  }

  /** The site behind a widget's `X-Site-Key`, with the secret its identity tokens are signed with. */
  async findByKey(siteKey: string): Promise<SiteCredentials | null> {
    let site = this.cache.get(siteKey);
    if (site === undefined) {
      const row = await this.sites.findOne({ where: { siteKey }, select: { id: true, identitySecret: true } });
      site = row ? { id: row.id, identitySecret: row.identitySecret } : null;
      this.cache.set(siteKey, site);
    }
    return site;
  }
}

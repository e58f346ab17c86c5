import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { forbidden } from '../common/domain-error';
import { TtlCache } from '../common/ttl-cache';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { normaliseOrigin, originAllowed } from './site-origins';
import { Site } from './site.entity';

export interface SiteCredentials {
  id: string;
  identitySecret: string;
  allowedOrigins: string[];
}

export const newIdentitySecret = () => randomBytes(32).toString('base64url');

@Injectable()
export class SitesService {
  private readonly cache = new TtlCache<SiteCredentials | null>(30_000);
  private readonly originCache = new TtlCache<boolean>(30_000);
  /** Demo and embedded installs accept any origin for a site that lists none; production refuses (see site-origins.ts). */
  readonly openWhenUnset: boolean;

  constructor(
    @InjectRepository(Site) private readonly sites: Repository<Site>,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.openWhenUnset = config.demo || config.database.kind === 'embedded';
  }

  /** Makes sure a site with this public key exists (bootstrap from `RELAIS_SITE_KEY`, demo data). */
  async ensure(siteKey: string, name = 'Main website'): Promise<Site> {
    const existing = await this.sites.findOneBy({ siteKey });
    if (existing) return existing;
    return this.sites.save(this.sites.create({ siteKey, name, identitySecret: newIdentitySecret() }));
  }

  /** The site behind a widget's `X-Site-Key`, with the secret its identity tokens are signed with. */
  async findByKey(siteKey: string): Promise<SiteCredentials | null> {
    let site = this.cache.get(siteKey);
    if (site === undefined) {
      const row = await this.sites.findOne({ where: { siteKey }, select: { id: true, identitySecret: true, allowedOrigins: true } });
      site = row ? { id: row.id, identitySecret: row.identitySecret, allowedOrigins: row.allowedOrigins } : null;
      this.cache.set(siteKey, site);
    }
    return site;
  }

  /** A browser call from an origin the site does not list starts nothing: no visit, no socket. */
  assertOrigin(site: SiteCredentials, origin: string | undefined): void {
    if (originAllowed(site.allowedOrigins, origin, this.openWhenUnset)) return;
    throw forbidden('ORIGIN_NOT_ALLOWED', `The origin ${origin} is not in this site's allowedOrigins`, { origin });
  }

  /** For CORS preflights, which carry no site key: whether any site would accept a call from this origin. */
  async someSiteAllows(origin: string): Promise<boolean> {
    let allowed = this.originCache.get(origin);
    if (allowed === undefined) {
      const normalised = normaliseOrigin(origin);
      const [row] = normalised
        ? ((await this.sites.query(`SELECT EXISTS (SELECT 1 FROM site WHERE $1 = ANY (allowed_origins) OR ($2 AND allowed_origins = '{}')) AS allowed`, [
            normalised,
            this.openWhenUnset,
          ])) as { allowed: boolean }[])
        : [{ allowed: false }];
      allowed = row.allowed;
      this.originCache.set(origin, allowed);
    }
    return allowed;
  }

  /** After a change, this instance sees it at once; others within the cache's 30 s. */
  forget(): void {
    this.cache.clear();
    this.originCache.clear();
  }
}

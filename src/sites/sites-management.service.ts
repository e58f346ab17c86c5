import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { notFound } from '../common/domain-error';
import { keysetPage, mapPage, Page, PageQueryDto } from '../common/pagination';
import { CreateSiteDto, SiteWithSecretDto, UpdateSiteDto } from './dto/site.dto';
import { normaliseOrigin } from './site-origins';
import { Site } from './site.entity';
import { newIdentitySecret, SitesService } from './sites.service';

const toSiteResponse = (s: Site): SiteWithSecretDto => ({
  id: s.id,
  name: s.name,
  siteKey: s.siteKey,
  identitySecret: s.identitySecret,
  allowedOrigins: s.allowedOrigins,
  defaultLocale: s.defaultLocale,
  createdAt: s.createdAt,
  updatedAt: s.updatedAt,
});

/** Stored once, compared exactly: `https://Shop.example/` and `https://shop.example` are one origin. */
const origins = (list: string[]) => [...new Set(list.map((o) => normaliseOrigin(o)!))];

/** Sites with the identity secret a merchant's server signs identity tokens with: credential management. */
@Injectable()
export class SitesManagementService {
  constructor(
    @InjectRepository(Site) private readonly sites: Repository<Site>,
    private readonly lookups: SitesService,
  ) {}

  async list(query: PageQueryDto): Promise<Page<SiteWithSecretDto>> {
    const qb = this.sites.createQueryBuilder('s').addSelect('s.identitySecret');
    return mapPage(await keysetPage(qb, query, { column: 's.created_at', value: (s) => s.createdAt, direction: 'ASC' }), toSiteResponse);
  }

  async create(dto: CreateSiteDto): Promise<SiteWithSecretDto> {
    const site = await this.sites.save(
      this.sites.create({
        name: dto.name,
        siteKey: `site_${randomBytes(12).toString('base64url')}`,
        identitySecret: newIdentitySecret(),
        allowedOrigins: origins(dto.allowedOrigins ?? []),
        defaultLocale: dto.defaultLocale ?? 'fr',
      }),
    );
    this.lookups.forget();
    return toSiteResponse(site);
  }

  async update(id: string, dto: UpdateSiteDto): Promise<SiteWithSecretDto> {
    const site = await this.find(id);
    Object.assign(site, { ...dto, ...(dto.allowedOrigins && { allowedOrigins: origins(dto.allowedOrigins) }) });
    await this.sites.save(site);
    this.lookups.forget();
    return toSiteResponse(site);
  }

  /** A new identity secret: tokens signed with the old one stop identifying visitors at once. */
  async rotateIdentitySecret(id: string): Promise<SiteWithSecretDto> {
    const site = await this.find(id);
    site.identitySecret = newIdentitySecret();
    await this.sites.save(site);
    this.lookups.forget();
    return toSiteResponse(site);
  }

  private async find(id: string): Promise<Site> {
    const site = await this.sites.createQueryBuilder('s').addSelect('s.identitySecret').where('s.id = :id', { id }).getOne();
    if (!site) throw notFound('SITE_NOT_FOUND', `No site ${id}`);
    return site;
  }
}

import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { keysetPage, mapPage, Page, PageQueryDto } from '../../common/pagination';
import { Site } from '../../sites/site.entity';
import { SiteWithSecretDto } from '../dto/site.dto';

/** Sites with the identity secret a merchant's server signs identity tokens with. */
@Injectable()
export class SiteSecretsService {
  constructor(@InjectRepository(Site) private readonly sites: Repository<Site>) {}

  async list(query: PageQueryDto): Promise<Page<SiteWithSecretDto>> {
    const qb = this.sites.createQueryBuilder('s').addSelect('s.identitySecret');
    return mapPage(await keysetPage(qb, query, { column: 's.created_at', value: (s) => s.createdAt, direction: 'ASC' }), (s) => ({
      id: s.id,
      name: s.name,
      siteKey: s.siteKey,
      identitySecret: s.identitySecret,
      allowedOrigins: s.allowedOrigins,
      createdAt: s.createdAt,
    }));
  }
}

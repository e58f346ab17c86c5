import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Page, PageQueryDto, afterCursor, decodeCursor, toPage } from '../common/pagination';
import { Site } from '../sites/site.entity';
import { SiteWithSecretDto } from './dto/site.dto';

/** Sites with the identity secret a merchant's server signs identity tokens with. */
@Injectable()
export class SiteSecretsService {
  constructor(@InjectRepository(Site) private readonly sites: Repository<Site>) {}

  async list(query: PageQueryDto): Promise<Page<SiteWithSecretDto>> {
    const limit = query.limit ?? 20;
    const qb = this.sites.createQueryBuilder('s').addSelect('s.identitySecret').orderBy('s.created_at', 'ASC').addOrderBy('s.id', 'ASC').take(limit + 1);
    const cursor = decodeCursor(query.cursor);
    if (cursor) qb.andWhere(...afterCursor('s.created_at', 's.id', cursor, 'ASC'));
    return toPage(await qb.getMany(), limit, (s) => s.createdAt, (s) => ({
      id: s.id,
      name: s.name,
      siteKey: s.siteKey,
      identitySecret: s.identitySecret,
      allowedOrigins: s.allowedOrigins,
      createdAt: s.createdAt,
    }));
  }
}

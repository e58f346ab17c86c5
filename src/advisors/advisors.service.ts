import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { hashPassword } from './password';
import { conflict, notFound, unprocessable } from '../common/domain-error';
import { keysetPage, mapPage, Page, PageQueryDto } from '../common/pagination';
import { Store } from '../stores/store.entity';
import { Advisor, PresenceStatus } from './advisor.entity';
import { AdvisorResponseDto, CreateAdvisorDto, UpdateAdvisorDto } from './dto/advisor.dto';

export const toAdvisorResponse = (a: Advisor): AdvisorResponseDto => ({
  id: a.id,
  email: a.email,
  name: a.name,
  roles: a.roles,
  skills: a.skills,
  languages: a.languages,
  channels: a.channels,
  storeId: a.storeId,
  maxConcurrentChats: a.maxConcurrentChats,
  presence: a.presence,
  presenceChangedAt: a.presenceChangedAt,
  disabled: a.disabledAt !== null,
  createdAt: a.createdAt,
});

@Injectable()
export class AdvisorsService {
  constructor(
    @InjectRepository(Advisor) private readonly advisors: Repository<Advisor>,
    @InjectRepository(Store) private readonly stores: Repository<Store>,
  ) {}

  async create(dto: CreateAdvisorDto): Promise<AdvisorResponseDto> {
    const email = dto.email.toLowerCase();
    if (await this.advisors.existsBy({ email })) throw conflict('ADVISOR_EMAIL_TAKEN', `An advisor with e-mail ${email} already exists`);
    await this.checkStore(dto.roles, dto.storeId);
    const { password, ...fields } = dto;
    const advisor = this.advisors.create({ ...fields, email, passwordHash: await hashPassword(password), storeId: dto.storeId ?? null });
    return toAdvisorResponse(await this.advisors.save(advisor));
  }

  async get(id: string): Promise<AdvisorResponseDto> {
    return toAdvisorResponse(await this.find(id));
  }

  async list(query: PageQueryDto & { storeId?: string }): Promise<Page<AdvisorResponseDto>> {
    const qb = this.advisors.createQueryBuilder('a');
    if (query.storeId) qb.andWhere('a.store_id = :storeId', { storeId: query.storeId });
    return mapPage(await keysetPage(qb, query, { column: 'a.created_at', value: (a) => a.createdAt, direction: 'ASC' }), toAdvisorResponse);
  }

  async update(id: string, dto: UpdateAdvisorDto): Promise<AdvisorResponseDto> {
    const advisor = await this.find(id);
    const { password, email, disabled, ...fields } = dto;
    if (email && email.toLowerCase() !== advisor.email) {
      if (await this.advisors.existsBy({ email: email.toLowerCase() })) throw conflict('ADVISOR_EMAIL_TAKEN', `An advisor with e-mail ${email} already exists`);
      advisor.email = email.toLowerCase();
    }
    Object.assign(advisor, fields);
    await this.checkStore(advisor.roles, advisor.storeId ?? undefined);
    if (password) advisor.passwordHash = await hashPassword(password);
    if (disabled !== undefined && disabled !== (advisor.disabledAt !== null)) {
      advisor.disabledAt = disabled ? new Date() : null;
      // Routing offers chats to online advisors only: a deactivated one leaves at once.
      if (disabled) Object.assign(advisor, { presence: 'offline', presenceChangedAt: new Date() });
    }
    return toAdvisorResponse(await this.advisors.save(advisor));
  }

  async setPresence(id: string, status: PresenceStatus): Promise<AdvisorResponseDto> {
    // A deactivated advisor's socket may still be open: it cannot bring them back online.
    const now = new Date();
    await this.advisors.update({ id, disabledAt: IsNull() }, { presence: status, presenceChangedAt: now, presenceSeenAt: now });
    return this.get(id);
  }

  /** Makes sure the bootstrap admin exists with this password (`RELAIS_ADMIN_EMAIL` / `RELAIS_ADMIN_PASSWORD`). */
  async ensureAdmin(email: string, password: string): Promise<void> {
    const existing = await this.advisors.findOneBy({ email: email.toLowerCase() });
    const passwordHash = await hashPassword(password);
    if (existing) {
      await this.advisors.update(existing.id, { passwordHash, roles: [...new Set([...existing.roles, 'admin' as const])], disabledAt: null });
    } else {
      await this.advisors.save(this.advisors.create({ email: email.toLowerCase(), name: 'Administrator', passwordHash, roles: ['admin'] }));
    }
  }

  private async find(id: string): Promise<Advisor> {
    const advisor = await this.advisors.findOneBy({ id });
    if (!advisor) throw notFound('ADVISOR_NOT_FOUND', `No advisor with id ${id}`);
    return advisor;
  }

  private async checkStore(roles: string[], storeId: string | undefined): Promise<void> {
    if (storeId && !(await this.stores.existsBy({ id: storeId }))) throw unprocessable('STORE_NOT_FOUND', `No store with id ${storeId}`);
    if (roles.includes('store_advisor') && !storeId) throw unprocessable('STORE_REQUIRED', 'A store advisor must belong to a store (storeId)');
  }
}

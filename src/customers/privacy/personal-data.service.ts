import { Injectable, OnModuleInit } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { DOMAIN_EVENTS, domainEvent } from '../../common/domain-events';
import { ConsentEvent } from './consent-event.entity';
import { Customer } from '../customer.entity';
import { CustomerIdentity } from '../identity/customer-identity.entity';
import { CustomerMerge } from '../merges/customer-merge.entity';
import { CustomersService } from '../customers.service';
import { Interaction } from '../interaction.entity';
import { PersonalDataRegistry, PersonalDataSection } from './personal-data.registry';
import { ProfileAccess } from './profile-access.entity';

/** Moves rows of one table between profiles by their customer_id column. */
function movable(entity: typeof CustomerIdentity | typeof Interaction): Pick<PersonalDataSection, 'move' | 'moveBack'> {
  return {
    move: async (fromId, toId, m) => {
      const rows: { id: string }[] = await m
        .createQueryBuilder()
        .update(entity)
        .set({ customerId: toId })
        .where('customer_id = :fromId', { fromId })
        .returning('id')
        .execute()
        .then((r) => r.raw);
      return rows.map((r) => r.id);
    },
    moveBack: async (ids, toId, m) => {
      await m.update(entity, { id: In(ids) }, { customerId: toId });
    },
  };
}

/** GDPR: export everything held on a person, and erase it. Each feature contributes its section. */
@Injectable()
export class PersonalDataService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: PersonalDataRegistry,
    private readonly customers: CustomersService,
    private readonly events: EventEmitter2,
  ) {}

  onModuleInit(): void {
    this.registry.register({
      name: 'identities',
      export: (id, m) => m.find(CustomerIdentity, { where: { customerId: id }, order: { createdAt: 'ASC' } }),
      erase: async (id, m) => (await m.delete(CustomerIdentity, { customerId: id })).affected ?? 0,
      ...movable(CustomerIdentity),
    });
    this.registry.register({
      name: 'interactions',
      export: (id, m) => m.find(Interaction, { where: { customerId: id }, order: { occurredAt: 'ASC' } }),
      // Channel, type, amount and date stay for aggregate figures; the words about the person go.
      erase: async (id, m) => (await m.update(Interaction, { customerId: id }, { summary: null, data: {} })).affected ?? 0,
      ...movable(Interaction),
    });
    this.registry.register({
      name: 'consentHistory',
      export: (id, m) => m.find(ConsentEvent, { where: { customerId: id }, order: { createdAt: 'ASC' } }),
      erase: async () => 0, // proof of consent is kept as a legal record
    });
    this.registry.register({
      name: 'merges',
      export: (id, m) => m.find(CustomerMerge, { where: [{ targetId: id }, { sourceId: id }] }),
      // The snapshot kept for undo holds the target's former personal fields.
      erase: async (id, m) =>
        (
          await m
            .createQueryBuilder()
            .update(CustomerMerge)
            .set({ targetBefore: () => `'{}'::jsonb` })
            .where('target_id = :id', { id })
            .execute()
        ).affected ?? 0,
    });
    this.registry.register({
      name: 'accessLog',
      export: (id, m) => m.find(ProfileAccess, { where: { customerId: id }, order: { createdAt: 'ASC' } }),
      erase: async () => 0, // who looked at the profile is the controller's own record
    });
  }

  async export(customerId: string): Promise<Record<string, unknown>> {
    return this.dataSource.transaction('REPEATABLE READ', async (m) => {
      const profile = await this.customers.get(customerId, m);
      const sections: Record<string, unknown> = {};
      for (const section of this.registry.all()) sections[section.name] = await section.export(customerId, m);
      return { exportedAt: new Date().toISOString(), profile, ...sections };
    });
  }

  /** Right to erasure: personal fields and identities go; anonymous aggregates stay. */
  async erase(customerId: string): Promise<{ customerId: string; erasedAt: Date; rowsErased: Record<string, number> }> {
    const erased = await this.dataSource.transaction(async (m: EntityManager) => {
      const customer = await this.customers.findActive(m, customerId, true);
      const rowsErased: Record<string, number> = {};
      for (const section of this.registry.all()) rowsErased[section.name] = await section.erase(customerId, m);
      const erasedAt = new Date();
      await m.update(Customer, customer.id, {
        name: null,
        email: null,
        phone: null,
        locale: null,
        consents: {},
        attributes: {},
        tags: [],
        searchText: '',
        preferredStoreId: null,
        ownerAdvisorId: null,
        erasedAt,
      });
      return { customerId, erasedAt, rowsErased };
    });
    this.events.emit(DOMAIN_EVENTS.customerErased, domainEvent(DOMAIN_EVENTS.customerErased, { customerId }, erased.erasedAt));
    return erased;
  }
}

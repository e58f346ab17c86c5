import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { PersonalDataRegistry } from '../customers/personal-data.registry';
import { Appointment } from './appointment.entity';
import { CallRequest } from './call-request.entity';
import { Callback } from './callback.entity';
import { StoreRequest } from './store-request.entity';

type Linked = typeof Callback | typeof CallRequest | typeof Appointment | typeof StoreRequest;

/** Callbacks, call requests, appointments and store requests are personal data: exported, erased and moved on merge with the profile. */
@Injectable()
export class EscalationsPersonalData implements OnModuleInit {
  constructor(private readonly registry: PersonalDataRegistry) {}

  onModuleInit(): void {
    const sections: [string, Linked, Record<string, null>][] = [
      ['callbacks', Callback, { phone: null, email: null, note: null }],
      ['callRequests', CallRequest, { phone: null, outcomeNote: null }],
      ['appointments', Appointment, { phone: null, email: null, outcomeNote: null }],
      ['storeRequests', StoreRequest, { name: null, phone: null, email: null, note: null }],
    ];
    for (const [name, entity, personal] of sections) {
      this.registry.register({
        name,
        export: (id, m) => m.find(entity, { where: { customerId: id }, order: { createdAt: 'ASC' } }),
        // Dates, statuses and outcomes stay for the figures; the contact details go.
        erase: async (id, m) => (await m.update(entity, { customerId: id }, personal)).affected ?? 0,
        move: async (fromId: string, toId: string, m: EntityManager) => {
          const rows = (await m.createQueryBuilder().update(entity).set({ customerId: toId }).where('customer_id = :fromId', { fromId }).returning('id').execute()).raw as { id: string }[];
          return rows.map((r) => r.id);
        },
        moveBack: async (ids: string[], toId: string, m: EntityManager) => {
          if (ids.length) await m.update(entity, { id: In(ids) }, { customerId: toId });
        },
      });
    }
  }
}

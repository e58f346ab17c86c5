import { EntityManager, EntityTarget, In, ObjectLiteral } from 'typeorm';
import { PersonalDataSection } from './privacy/personal-data.registry';

/**
 * The personal-data section of a table whose rows point at a profile through `customer_id`: exported whole, moved
 * on merge (and back on undo), and * on erasure the `personal` columns are blanked while dates and statuses stay for the figures.
 */
export function customerLinkedSection<T extends ObjectLiteral>(name: string, entity: EntityTarget<T>, personal: Record<string, null | ''>): PersonalDataSection {
  return {
    name,
    export: (id, m) => m.find(entity, { where: { customerId: id } as never, order: { createdAt: 'ASC' } as never }),
    erase: async (id, m) => (await m.update(entity, { customerId: id } as never, personal as never)).affected ?? 0,
    move: async (fromId: string, toId: string, m: EntityManager) => {
      const rows = (
        await m
          .createQueryBuilder()
          .update(entity)
          .set({ customerId: toId } as never)
          .where('customer_id = :fromId', { fromId })
          .returning('id')
          .execute()
      ).raw as { id: string }[];
      return rows.map((r) => r.id);
    },
    moveBack: async (ids: string[], toId: string, m: EntityManager) => {
      if (ids.length) await m.update(entity, { id: In(ids) } as never, { customerId: toId } as never);
    },
  };
}

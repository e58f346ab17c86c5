import { EntityManager } from 'typeorm';
import { Advisor } from '../../advisors/advisor.entity';
import { badRequest } from '../../common/domain-error';

/** The store's advisors taking store work (store role or channel), optionally with a skill, in a stable order. */
export function storeAdvisors(m: EntityManager, storeId: string, skill?: string): Promise<Advisor[]> {
  const qb = m
    .getRepository(Advisor)
    .createQueryBuilder('a')
    .where('a.store_id = :storeId AND a.disabled_at IS NULL', { storeId })
    .andWhere(`('store' = ANY(a.channels) OR 'store_advisor' = ANY(a.roles))`);
  if (skill) qb.andWhere(':skill = ANY(a.skills)', { skill });
  return qb.orderBy('a.created_at', 'ASC').addOrderBy('a.id', 'ASC').getMany();
}

export const advisorNotInStore = (advisorId: string) =>
  badRequest('ADVISOR_NOT_IN_STORE', 'advisorId must be one of the advisors of this store, from GET /widget/v1/stores/{id}/advisors', [
    { field: 'advisorId', reasons: [`${advisorId} is not an advisor of this store`] },
  ]);

/** The advisor the visitor chose, checked against the store's own advisors (another store's advisor is a 400). */
export async function chosenStoreAdvisor(m: EntityManager, storeId: string, advisorId: string): Promise<Advisor> {
  const advisor = (await storeAdvisors(m, storeId)).find((a) => a.id === advisorId);
  if (!advisor) throw advisorNotInStore(advisorId);
  return advisor;
}

/** What the visitor sees of an advisor to choose one: a first name, never the work e-mail. */
export const toStoreAdvisorChoice = (a: Advisor) => ({ id: a.id, name: a.name.split(' ')[0], skills: a.skills, languages: a.languages });

import { Identity } from '../identity/identity-normalizer';
import type { ProfileFields } from './customer-merge.entity';

/** Two profiles that each carry a different external id are two customers of the merchant's own system: never merge them. */
export function conflictingExternalIds(target: Identity[], source: Identity[]): { target: string; source: string } | null {
  const targetIds = target.filter((i) => i.kind === 'external_id').map((i) => i.value);
  const sourceIds = source.filter((i) => i.kind === 'external_id').map((i) => i.value);
  if (!targetIds.length || !sourceIds.length) return null;
  return targetIds.some((id) => sourceIds.includes(id)) ? null : { target: targetIds[0], source: sourceIds[0] };
}

/** The target keeps its own values; the source fills what the target lacks; tags are united. */
export function mergeProfileFields(target: ProfileFields, source: ProfileFields): ProfileFields {
  return {
    name: target.name ?? source.name,
    email: target.email ?? source.email,
    phone: target.phone ?? source.phone,
    locale: target.locale ?? source.locale,
    tags: [...new Set([...target.tags, ...source.tags])],
    attributes: { ...source.attributes, ...target.attributes },
    preferredStoreId: target.preferredStoreId ?? source.preferredStoreId,
    ownerAdvisorId: target.ownerAdvisorId ?? source.ownerAdvisorId,
  };
}

export function profileFieldsOf(p: ProfileFields): ProfileFields {
  return {
    name: p.name,
    email: p.email,
    phone: p.phone,
    locale: p.locale,
    tags: p.tags,
    attributes: p.attributes,
    preferredStoreId: p.preferredStoreId,
    ownerAdvisorId: p.ownerAdvisorId,
  };
}

import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { conflict, notFound, unprocessable } from '../../common/domain-error';
import { DOMAIN_EVENTS, domainEvent } from '../../common/domain-events';
import { Customer } from '../customer.entity';
import { CustomerMerge } from './customer-merge.entity';
import { CustomersService } from '../customers.service';
import { customerNotFound } from '../customers.errors';
import { conflictingExternalIds, mergeProfileFields, profileFieldsOf } from './merge-rules';
import { MergeResponseDto } from '../dto/interaction.dto';
import { PersonalDataRegistry } from '../privacy/personal-data.registry';

const toMergeResponseDto = (merge: CustomerMerge): MergeResponseDto => ({
  mergeId: merge.id,
  targetId: merge.targetId,
  sourceId: merge.sourceId,
  moved: Object.fromEntries(Object.entries(merge.moved).map(([section, ids]) => [section, ids.length])),
  undoneAt: merge.undoneAt,
});

@Injectable()
export class CustomerMergesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly customers: CustomersService,
    private readonly personalData: PersonalDataRegistry,
    private readonly events: EventEmitter2,
  ) {}

  /** Moves everything the source holds onto the target; the source then answers 404 until the merge is undone. */
  async merge(targetId: string, sourceId: string, performedBy: string): Promise<MergeResponseDto> {
    if (targetId === sourceId) throw unprocessable('MERGE_SAME_CUSTOMER', 'A customer cannot be merged into itself');
    const merged = await this.dataSource.transaction(async (m) => {
      // Lock in id order so two opposite merges cannot deadlock.
      const [first, second] = [targetId, sourceId].sort();
      const locked = new Map([
        [first, await this.customers.findActive(m, first, true)],
        [second, await this.customers.findActive(m, second, true)],
      ]);
      const target = locked.get(targetId)!;
      const source = locked.get(sourceId)!;
      const identities = await this.customers.identitiesFor(m, [targetId, sourceId]);
      const clash = conflictingExternalIds(identities.get(targetId) ?? [], identities.get(sourceId) ?? []);
      if (clash) {
        throw conflict('MERGE_EXTERNAL_ID_CONFLICT', `Both customers carry a different external_id (${clash.target} and ${clash.source}); they are different customers`, clash);
      }
      const moved: Record<string, string[]> = {};
      for (const section of this.personalData.all()) {
        if (section.move) moved[section.name] = await section.move(sourceId, targetId, m);
      }
      const targetBefore = profileFieldsOf(target);
      Object.assign(target, mergeProfileFields(targetBefore, profileFieldsOf(source)));
      source.mergedIntoId = targetId;
      await m.save(source);
      await this.customers.refreshSearchText(m, target);
      await this.customers.recomputeTotals(m, targetId);
      return toMergeResponseDto(await m.save(m.create(CustomerMerge, { targetId, sourceId, moved, targetBefore, performedBy })));
    });
    this.events.emit(DOMAIN_EVENTS.customerMerged, domainEvent(DOMAIN_EVENTS.customerMerged, { mergeId: merged.mergeId, customerId: targetId, mergedCustomerId: sourceId }));
    return merged;
  }

  /** Moves back exactly what the merge moved and restores the target's own fields. */
  async undo(mergeId: string, undoneBy: string): Promise<MergeResponseDto> {
    return this.dataSource.transaction(async (m) => {
      const merge = await m.findOne(CustomerMerge, { where: { id: mergeId }, lock: { mode: 'pessimistic_write' } });
      if (!merge) throw notFound('MERGE_NOT_FOUND', `No merge with id ${mergeId}`);
      if (merge.undoneAt) throw conflict('MERGE_ALREADY_UNDONE', `Merge ${mergeId} was already undone`);
      const target = await this.customers.findActive(m, merge.targetId, true);
      const source = await this.lockMergedSource(m, merge);
      for (const section of this.personalData.all()) {
        const ids = merge.moved[section.name];
        if (ids?.length && section.moveBack) await section.moveBack(ids, merge.sourceId, m);
      }
      Object.assign(target, merge.targetBefore);
      source.mergedIntoId = null;
      await m.save(source);
      await this.customers.refreshSearchText(m, target);
      await this.customers.refreshSearchText(m, source);
      await this.customers.recomputeTotals(m, target.id);
      await this.customers.recomputeTotals(m, source.id);
      merge.undoneAt = new Date();
      merge.undoneBy = undoneBy;
      return toMergeResponseDto(await m.save(merge));
    });
  }

  private async lockMergedSource(m: EntityManager, merge: CustomerMerge): Promise<Customer> {
    const source = await m.findOne(Customer, { where: { id: merge.sourceId }, lock: { mode: 'pessimistic_write' } });
    if (!source || source.erasedAt) throw customerNotFound(merge.sourceId);
    if (source.mergedIntoId !== merge.targetId) throw conflict('MERGE_SUPERSEDED', 'The source customer changed since this merge; it cannot be undone');
    return source;
  }
}

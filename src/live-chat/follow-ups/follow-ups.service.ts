import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AdvisorPrincipal } from '../../common/auth/principal';
import { notFound } from '../../common/domain-error';
import { keysetPage, mapPage, Page } from '../../common/pagination';
import { FollowUpDto, FollowUpQueryDto } from '../dto/live-chat.dto';
import { FollowUpTask } from './follow-up-task.entity';

const toFollowUp = (t: FollowUpTask): FollowUpDto => ({
  id: t.id,
  kind: t.kind,
  text: t.text,
  email: t.email,
  phone: t.phone,
  status: t.status,
  conversationId: t.conversationId,
  customerId: t.customerId,
  doneById: t.doneById,
  doneAt: t.doneAt,
  createdAt: t.createdAt,
});

/** Messages visitors left when nobody could answer live, for advisors to answer by mail or phone. */
@Injectable()
export class FollowUpsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Oldest first: the longest-waiting visitor is answered first. */
  async list(query: FollowUpQueryDto): Promise<Page<FollowUpDto>> {
    const qb = this.dataSource
      .getRepository(FollowUpTask)
      .createQueryBuilder('t')
      .where('t.status = :status', { status: query.status ?? 'open' });
    return mapPage(await keysetPage(qb, query, { column: 't.created_at', value: (t) => t.createdAt, direction: 'ASC' }), toFollowUp);
  }

  async markDone(advisor: AdvisorPrincipal, id: string): Promise<FollowUpDto> {
    const repository = this.dataSource.getRepository(FollowUpTask);
    const task = await repository.findOne({ where: { id } });
    if (!task) throw notFound('FOLLOW_UP_NOT_FOUND', `No follow-up task with id ${id}`);
    if (task.status === 'open') Object.assign(task, await repository.save({ ...task, status: 'done', doneById: advisor.id, doneAt: new Date() }));
    return toFollowUp(task);
  }
}

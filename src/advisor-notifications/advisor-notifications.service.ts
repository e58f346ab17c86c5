import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { notFound } from '../common/domain-error';
import { keysetPage, mapPage, Page } from '../common/pagination';
import { AdvisorNotification } from './advisor-notification.entity';
import { clientPurchaseTitle } from './client-purchase-texts';
import { AdvisorNotificationDto, NotificationListQueryDto } from './dto/advisor-notification.dto';

export const toNotificationResponse = (n: AdvisorNotification, language: string | null): AdvisorNotificationDto => ({
  id: n.id,
  kind: n.kind,
  title: clientPurchaseTitle(n.data, language),
  customerId: n.customerId,
  orderId: n.orderId,
  data: n.data,
  occurredAt: n.occurredAt,
  read: n.readAt !== null,
  readAt: n.readAt,
  createdAt: n.createdAt,
});

const notificationNotFound = (id: string) => notFound('NOTIFICATION_NOT_FOUND', `No notification with id ${id}`);

/** An advisor's own notifications: newest first, read or not. Another advisor's notification does not exist for them. */
@Injectable()
export class AdvisorNotificationsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(advisorId: string, query: NotificationListQueryDto): Promise<Page<AdvisorNotificationDto> & { unread: number }> {
    const qb = this.dataSource.getRepository(AdvisorNotification).createQueryBuilder('n').where('n.advisor_id = :advisorId', { advisorId });
    if (query.filter === 'unread') qb.andWhere('n.read_at IS NULL');
    const page = await keysetPage(qb, query, { column: 'n.created_at', value: (n) => n.createdAt, direction: 'DESC' });
    const language = await this.languageOf(advisorId);
    const [{ unread }]: { unread: number }[] = await this.dataSource.query(`SELECT count(*)::int AS unread FROM advisor_notification WHERE advisor_id = $1 AND read_at IS NULL`, [
      advisorId,
    ]);
    return { ...mapPage(page, (n) => toNotificationResponse(n, language)), unread };
  }

  async markRead(advisorId: string, id: string): Promise<AdvisorNotificationDto> {
    const repo = this.dataSource.getRepository(AdvisorNotification);
    const notification = await repo.findOneBy({ id, advisorId });
    if (!notification) throw notificationNotFound(id);
    if (!notification.readAt) {
      notification.readAt = new Date();
      await repo.update({ id }, { readAt: notification.readAt });
    }
    return toNotificationResponse(notification, await this.languageOf(advisorId));
  }

  private async languageOf(advisorId: string): Promise<string | null> {
    const [row]: { language: string | null }[] = await this.dataSource.query(`SELECT languages[1] AS language FROM advisor WHERE id = $1`, [advisorId]);
    return row?.language ?? null;
  }
}

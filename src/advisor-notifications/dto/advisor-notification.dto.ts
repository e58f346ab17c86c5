import { IsIn } from 'class-validator';
import { Omittable } from '../../common/omittable';
import { PageQueryDto } from '../../common/pagination';
import type { NotificationKind } from '../advisor-notification.entity';

export class NotificationListQueryDto extends PageQueryDto {
  /** `unread` lists only what the advisor has not opened yet. */
  @IsIn(['unread', 'all'])
  @Omittable()
  filter?: 'unread' | 'all';
}

export class ClientPurchaseDataDto {
  customerName: string | null;
  orderId: string;
  /** EUR, when the purchase carried one. */
  amount: number | null;
  /** `sku x quantity` of the cart just before the purchase, when the website showed it. */
  items: string[];
  /** `web`: a purchase event on an identified visit; `integration`: a purchase interaction posted through the API. */
  channel: 'web' | 'integration';
}

export class AdvisorNotificationDto {
  id: string;
  /** @example client_purchase */
  kind: NotificationKind;
  /** Ready to show, in the advisor's language. */
  title: string;
  customerId: string | null;
  orderId: string | null;
  data: ClientPurchaseDataDto;
  occurredAt: Date;
  read: boolean;
  readAt: Date | null;
  createdAt: Date;
}

export class AdvisorNotificationPageDto {
  items: AdvisorNotificationDto[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
  /** How many of the advisor's notifications are unread, whatever the filter. */
  unread: number;
}

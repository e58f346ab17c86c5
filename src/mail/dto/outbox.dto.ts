import { IsEmail } from 'class-validator';
import { PageQueryDto } from '../../common/pagination';
import type { MailStatus } from '../outbox-mail.entity';
import { Omittable } from '../../common/omittable';

export class OutboxQueryDto extends PageQueryDto {
  /** Only mails to this address (case-insensitive). */
  @IsEmail()
  @Omittable()
  to?: string;
}

export class OutboxMailResponseDto {
  id: string;
  kind: string;
  to: string;
  subject: string;
  text: string;
  status: MailStatus;
  attempts: number;
  lastError: string | null;
  sentAt: Date | null;
  createdAt: Date;
}

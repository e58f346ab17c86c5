import { IsEmail, IsOptional } from 'class-validator';
import { PageQueryDto } from '../../common/pagination';
import type { MailStatus } from '../outbox-mail.entity';

export class OutboxQueryDto extends PageQueryDto {
  /** Only mails to this address (case-insensitive). */
  @IsEmail() @IsOptional()
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

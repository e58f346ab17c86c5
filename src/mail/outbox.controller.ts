import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../common/auth/access-policy.decorator';
import { ApiPageResponse } from '../common/api-page-response.decorator';
import { OutboxMailResponseDto, OutboxQueryDto } from './dto/outbox.dto';
import { MailService } from './mail.service';

@ApiTags('Outbox')
@Authenticated({ scopes: ['outbox:read'] })
@Controller('api/v1/outbox')
export class OutboxController {
  constructor(private readonly mail: MailService) {}

  /** Mails Relais wrote, newest first: kept here when no SMTP_URL is set, with their sending status when it is. */
  @Get()
  @ApiPageResponse(OutboxMailResponseDto)
  list(@Query() query: OutboxQueryDto) {
    return this.mail.list(query);
  }
}

import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiAuth } from '../auth/auth.decorators';
import { OutboxQueryDto } from './dto/outbox.dto';
import { MailService } from './mail.service';

@ApiTags('Outbox')
@ApiAuth('outbox:read')
@Controller('api/v1/outbox')
export class OutboxApiController {
  constructor(private readonly mail: MailService) {}

  /** Mails Relais wrote, newest first: kept here when no SMTP_URL is set, with their sending status when it is. */
  @Get()
  list(@Query() query: OutboxQueryDto) {
    return this.mail.list(query);
  }
}

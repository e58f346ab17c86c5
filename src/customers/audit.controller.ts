import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../common/auth/access-policy.decorator';
import { ApiPageResponse } from '../common/api-page-response.decorator';
import { AuditEntryDto, AuditQueryDto } from './dto/interaction.dto';
import { ProfileAccessLog } from './privacy/profile-access.log';

@ApiTags('Audit')
@Authenticated({ scopes: ['audit:read'], roles: ['admin'] })
@Controller(['api/v1/audit', 'console/v1/audit'])
export class AuditController {
  constructor(private readonly log: ProfileAccessLog) {}

  /** Who read or changed which profile, newest first. */
  @Get()
  @ApiPageResponse(AuditEntryDto)
  list(@Query() query: AuditQueryDto) {
    return this.log.list(query);
  }
}

import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiAuth, ConsoleAuth } from '../auth/auth.decorators';
import { ApiPageResponse } from '../common/api-page-response.decorator';
import { AuditEntryDto, AuditQueryDto } from './dto/interaction.dto';
import { ProfileAccessLog } from './privacy/profile-access.log';

@ApiTags('Audit')
@ApiAuth('audit:read')
@Controller('api/v1/audit')
export class AuditApiController {
  constructor(private readonly log: ProfileAccessLog) {}

  /** Who read or changed which profile, newest first. */
  @Get()
  @ApiPageResponse(AuditEntryDto)
  list(@Query() query: AuditQueryDto) {
    return this.log.list(query);
  }
}

@ApiTags('Audit')
@ConsoleAuth('admin')
@Controller('console/v1/audit')
export class AuditConsoleController {
  constructor(private readonly log: ProfileAccessLog) {}

  @Get()
  @ApiPageResponse(AuditEntryDto)
  list(@Query() query: AuditQueryDto) {
    return this.log.list(query);
  }
}

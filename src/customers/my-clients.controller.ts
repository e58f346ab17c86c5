import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiPageResponse } from '../common/api-page-response.decorator';
import { Authenticated, CurrentPrincipal } from '../common/auth/access-policy.decorator';
import { AdvisorPrincipal } from '../common/auth/principal';
import { CustomersService } from './customers.service';
import { MyClientDto, MyClientsQueryDto } from './dto/customer.dto';
import { ProfileAccessLog } from './privacy/profile-access.log';

@ApiTags('Console: session')
@Authenticated({ roles: [] })
@Controller('console/v1/me/clients')
export class MyClientsController {
  constructor(
    private readonly customers: CustomersService,
    private readonly accessLog: ProfileAccessLog,
  ) {}

  /** The profiles this advisor owns, newest first, with their last activity; `q` searches them like the customer lookup. */
  @Get()
  @ApiPageResponse(MyClientDto)
  async list(@CurrentPrincipal() advisor: AdvisorPrincipal, @Query() query: MyClientsQueryDto) {
    const page = await this.customers.ownedBy(advisor.id, query);
    this.accessLog.record(
      advisor,
      page.items.map((c) => c.id),
      'lookup',
      'GET /console/v1/me/clients',
    );
    return page;
  }
}

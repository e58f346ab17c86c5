import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import { ConsoleAuth, CurrentPrincipal } from '../auth/auth.decorators';
import { AdvisorPrincipal } from '../auth/principal';
import { ApiPageResponse } from '../common/api-page-response.decorator';
import { AuditsProfileAccess } from './privacy/audit-profile-access.interceptor';
import { CustomersService } from './customers.service';
import { CustomerLookupQueryDto, CustomerResponseDto, UpdateCustomerDto } from './dto/customer.dto';
import { CreateInteractionDto, InteractionResponseDto, TimelineQueryDto } from './dto/interaction.dto';
import { PersonalDataService } from './privacy/personal-data.service';
import { ProfileAccessLog } from './privacy/profile-access.log';

/** What store and phone advisors use at the till or on a call: find the client, see the timeline, log what happened. */
@ApiTags('Console: customers')
@ConsoleAuth()
@ApiNotFoundResponse({ description: 'No such customer, or it was merged or erased' })
@Controller('console/v1/customers')
export class CustomersConsoleController {
  constructor(
    private readonly customers: CustomersService,
    private readonly personalData: PersonalDataService,
    private readonly accessLog: ProfileAccessLog,
  ) {}

  /** Audited here rather than by the interceptor, as in the API: the hot path. */
  @Get()
  @ApiPageResponse(CustomerResponseDto)
  async lookup(@Query() query: CustomerLookupQueryDto, @CurrentPrincipal() advisor: AdvisorPrincipal) {
    const page = await this.customers.lookup(query);
    this.accessLog.record(advisor, page.items.map((c) => c.id), 'lookup', 'GET /console/v1/customers');
    return page;
  }

  @Get(':id')
  @AuditsProfileAccess('read')
  get(@Param('id', ParseUUIDPipe) id: string): Promise<CustomerResponseDto> {
    return this.customers.get(id);
  }

  @Patch(':id')
  @AuditsProfileAccess('update')
  update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateCustomerDto, @CurrentPrincipal() advisor: AdvisorPrincipal): Promise<CustomerResponseDto> {
    return this.customers.update(id, dto, `advisor:${advisor.email}`);
  }

  @Get(':id/timeline')
  @AuditsProfileAccess('timeline')
  @ApiPageResponse(InteractionResponseDto)
  timeline(@Param('id', ParseUUIDPipe) id: string, @Query() query: TimelineQueryDto) {
    return this.customers.timeline(id, query);
  }

  @Post(':id/interactions')
  @AuditsProfileAccess('add_interaction')
  addInteraction(@Param('id', ParseUUIDPipe) id: string, @Body() dto: CreateInteractionDto): Promise<InteractionResponseDto> {
    return this.customers.addInteraction(id, dto);
  }

  @ConsoleAuth('admin')
  @Get(':id/export')
  @AuditsProfileAccess('export')
  export(@Param('id', ParseUUIDPipe) id: string) {
    return this.personalData.export(id);
  }

  @ConsoleAuth('admin')
  @Delete(':id')
  @AuditsProfileAccess('erase')
  erase(@Param('id', ParseUUIDPipe) id: string) {
    return this.personalData.erase(id);
  }
}

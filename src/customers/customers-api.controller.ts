import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { ApiAuth, CurrentPrincipal } from '../auth/auth.decorators';
import { ApiKeyPrincipal } from '../auth/principal';
import { ApiPageResponse } from '../common/api-page-response.decorator';
import { AuditsProfileAccess } from './privacy/audit-profile-access.interceptor';
import { CustomerMergesService } from './merges/customer-merges.service';
import { CustomersService } from './customers.service';
import { CreateCustomerDto, CustomerLookupQueryDto, CustomerResponseDto, IdentityDto, UpdateCustomerDto } from './dto/customer.dto';
import { CreateInteractionDto, InteractionResponseDto, MergeCustomerDto, MergeResponseDto, TimelineQueryDto } from './dto/interaction.dto';
import { PersonalDataService } from './privacy/personal-data.service';
import { ProfileAccessLog } from './privacy/profile-access.log';

@ApiTags('Customers')
@ApiNotFoundResponse({ description: 'No such customer, or it was merged (details.mergedIntoId) or erased' })
@Controller('api/v1/customers')
export class CustomersApiController {
  constructor(
    private readonly customers: CustomersService,
    private readonly merges: CustomerMergesService,
    private readonly personalData: PersonalDataService,
    private readonly accessLog: ProfileAccessLog,
  ) {}

  /** Resolve-or-create: 201 with a new profile, or 200 with the profile that already owns these identities. */
  @ApiAuth('customers:write')
  @Post()
  @AuditsProfileAccess('resolve')
  @ApiCreatedResponse({ type: CustomerResponseDto, description: 'A new profile' })
  @ApiOkResponse({ type: CustomerResponseDto, description: 'An existing profile, updated' })
  @ApiConflictResponse({ description: 'The identities belong to two different profiles (IDENTITIES_SPLIT)' })
  async create(@Body() dto: CreateCustomerDto, @CurrentPrincipal() caller: ApiKeyPrincipal, @Res({ passthrough: true }) reply: FastifyReply) {
    const { customer, created } = await this.customers.resolveOrCreate(dto, `api:${caller.name}`);
    void reply.status(created ? 201 : 200);
    return customer;
  }

  /**
   * Exact lookup by `email`, `phone` (any format) or `identity=kind:value`, or search with `q`; no filter lists everyone.
   * Audited here rather than by the interceptor: this is the hot path, and any interceptor costs an rxjs pipeline per request.
   */
  @ApiAuth('customers:read')
  @Get()
  @ApiPageResponse(CustomerResponseDto)
  async lookup(@Query() query: CustomerLookupQueryDto, @CurrentPrincipal() caller: ApiKeyPrincipal) {
    const page = await this.customers.lookup(query);
    this.accessLog.record(caller, page.items.map((c) => c.id), 'lookup', 'GET /api/v1/customers');
    return page;
  }

  @ApiAuth('customers:read')
  @Get(':id')
  @AuditsProfileAccess('read')
  get(@Param('id', ParseUUIDPipe) id: string): Promise<CustomerResponseDto> {
    return this.customers.get(id);
  }

  @ApiAuth('customers:write')
  @Patch(':id')
  @AuditsProfileAccess('update')
  @ApiConflictResponse({ description: 'A new e-mail or phone belongs to another profile' })
  update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateCustomerDto, @CurrentPrincipal() caller: ApiKeyPrincipal): Promise<CustomerResponseDto> {
    return this.customers.update(id, dto, `api:${caller.name}`);
  }

  @ApiAuth('customers:write')
  @Post(':id/identities')
  @AuditsProfileAccess('add_identity')
  @ApiConflictResponse({ description: 'The identity belongs to another profile (details.ownerId)' })
  addIdentity(@Param('id', ParseUUIDPipe) id: string, @Body() dto: IdentityDto): Promise<CustomerResponseDto> {
    return this.customers.addIdentity(id, dto);
  }

  /** Moves the source's identities, interactions and conversations to this customer; undo with the returned mergeId. */
  @ApiAuth('customers:write')
  @Post(':id/merge')
  @AuditsProfileAccess('merge')
  @ApiConflictResponse({ description: 'Both profiles carry a different external_id' })
  merge(@Param('id', ParseUUIDPipe) id: string, @Body() dto: MergeCustomerDto, @CurrentPrincipal() caller: ApiKeyPrincipal): Promise<MergeResponseDto> {
    return this.merges.merge(id, dto.sourceId, `api_key:${caller.id}`);
  }

  @ApiAuth('customers:read')
  @Get(':id/timeline')
  @AuditsProfileAccess('timeline')
  @ApiPageResponse(InteractionResponseDto)
  timeline(@Param('id', ParseUUIDPipe) id: string, @Query() query: TimelineQueryDto) {
    return this.customers.timeline(id, query);
  }

  /** Records a purchase, store visit, call... `purchase` and `refund` amounts update lifetime value and order count. */
  @ApiAuth('customers:write')
  @Post(':id/interactions')
  @AuditsProfileAccess('add_interaction')
  addInteraction(@Param('id', ParseUUIDPipe) id: string, @Body() dto: CreateInteractionDto): Promise<InteractionResponseDto> {
    return this.customers.addInteraction(id, dto);
  }

  /** Everything held on the person (GDPR access request). */
  @ApiAuth('customers:read')
  @Get(':id/export')
  @AuditsProfileAccess('export')
  export(@Param('id', ParseUUIDPipe) id: string) {
    return this.personalData.export(id);
  }

  /** Erasure: personal fields and identities are removed; anonymous aggregates stay. */
  @ApiAuth('customers:erase')
  @Delete(':id')
  @AuditsProfileAccess('erase')
  erase(@Param('id', ParseUUIDPipe) id: string) {
    return this.personalData.erase(id);
  }
}

@ApiTags('Customers')
@ApiAuth('customers:write')
@Controller('api/v1/customer-merges')
export class CustomerMergesApiController {
  constructor(private readonly merges: CustomerMergesService) {}

  @Post(':mergeId/undo')
  @ApiNotFoundResponse({ description: 'No such merge' })
  @ApiConflictResponse({ description: 'Already undone' })
  undo(@Param('mergeId', ParseUUIDPipe) mergeId: string, @CurrentPrincipal() caller: ApiKeyPrincipal): Promise<MergeResponseDto> {
    return this.merges.undo(mergeId, `api_key:${caller.id}`);
  }
}

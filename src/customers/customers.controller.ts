import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { Authenticated, CurrentPrincipal } from '../common/auth/access-policy.decorator';
import { AdvisorPrincipal, ApiKeyPrincipal } from '../common/auth/principal';
import { ApiPageResponse } from '../common/api-page-response.decorator';
import { AuditsProfileAccess } from './privacy/audit-profile-access.interceptor';
import { CustomerMergesService } from './merges/customer-merges.service';
import { CustomersService } from './customers.service';
import { CreateCustomerDto, CustomerLookupQueryDto, CustomerResponseDto, ErasureResponseDto, IdentityDto, UpdateCustomerDto } from './dto/customer.dto';
import { CreateInteractionDto, InteractionResponseDto, MergeCustomerDto, MergeResponseDto, TimelineQueryDto } from './dto/interaction.dto';
import { PersonalDataService } from './privacy/personal-data.service';
import { ProfileAccessLog } from './privacy/profile-access.log';

type Caller = ApiKeyPrincipal | AdvisorPrincipal;

/** How a profile change is signed in its history: the key's name, or the advisor's work e-mail. */
const changedBy = (caller: Caller) => (caller.kind === 'api_key' ? `api:${caller.name}` : `advisor:${caller.email}`);

const notFound = ApiNotFoundResponse({ description: 'No such customer, or it was merged (details.mergedIntoId) or erased' });

/**
 * The profile as integrators and advisors read and annotate it; store and phone advisors use it at the till or on a call.
 * Export and erasure are for admins in the console.
 */
@ApiTags('Customers')
@notFound
@Controller(['api/v1/customers', 'console/v1/customers'])
export class CustomersController {
  constructor(
    private readonly customers: CustomersService,
    private readonly personalData: PersonalDataService,
    private readonly accessLog: ProfileAccessLog,
  ) {}

  /**
   * Finds customers by `email`, `phone` (any format), `identity=kind:value` or `q` search.
   * No filter lists everyone. Audited here rather than by the interceptor: this is the hot path, and any interceptor
   * costs an rxjs pipeline per request.
   */
  @Authenticated({ scopes: ['customers:read'], roles: [] })
  @Get()
  @ApiPageResponse(CustomerResponseDto)
  async lookup(@Query() query: CustomerLookupQueryDto, @CurrentPrincipal() caller: Caller) {
    const page = await this.customers.lookup(query);
    const route = caller.kind === 'advisor' ? 'GET /console/v1/customers' : 'GET /api/v1/customers';
    this.accessLog.record(
      caller,
      page.items.map((c) => c.id),
      'lookup',
      route,
    );
    return page;
  }

  /** Reads a profile. */
  @Authenticated({ scopes: ['customers:read'], roles: [] })
  @Get(':id')
  @AuditsProfileAccess('read')
  get(@Param('id', ParseUUIDPipe) id: string): Promise<CustomerResponseDto> {
    return this.customers.get(id);
  }

  /** Changes profile fields; consent changes are recorded. */
  @Authenticated({ scopes: ['customers:write'], roles: [] })
  @Patch(':id')
  @AuditsProfileAccess('update')
  @ApiConflictResponse({ description: 'A new e-mail or phone belongs to another profile' })
  update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateCustomerDto, @CurrentPrincipal() caller: Caller): Promise<CustomerResponseDto> {
    return this.customers.update(id, dto, changedBy(caller));
  }

  /** The cross-channel timeline, newest first. */
  @Authenticated({ scopes: ['customers:read'], roles: [] })
  @Get(':id/timeline')
  @AuditsProfileAccess('timeline')
  @ApiPageResponse(InteractionResponseDto)
  timeline(@Param('id', ParseUUIDPipe) id: string, @Query() query: TimelineQueryDto) {
    return this.customers.timeline(id, query);
  }

  /** Records a purchase, store visit, call... `purchase` and `refund` amounts update lifetime value and order count. */
  @Authenticated({ scopes: ['customers:write'], roles: [] })
  @Post(':id/interactions')
  @AuditsProfileAccess('add_interaction')
  addInteraction(@Param('id', ParseUUIDPipe) id: string, @Body() dto: CreateInteractionDto): Promise<InteractionResponseDto> {
    return this.customers.addInteraction(id, dto);
  }

  /** Everything held on the person (GDPR access request). */
  @Authenticated({ scopes: ['customers:read'], roles: ['admin'] })
  @Get(':id/export')
  @AuditsProfileAccess('export')
  @ApiOkResponse({ description: 'One section per kind of record held', schema: { type: 'object', additionalProperties: true } })
  export(@Param('id', ParseUUIDPipe) id: string) {
    return this.personalData.export(id);
  }

  /** Erasure: personal fields and identities are removed; anonymous aggregates stay. */
  @Authenticated({ scopes: ['customers:erase'], roles: ['admin'] })
  @Delete(':id')
  @AuditsProfileAccess('erase')
  erase(@Param('id', ParseUUIDPipe) id: string): Promise<ErasureResponseDto> {
    return this.personalData.erase(id);
  }
}

/** Who a customer is: resolving identities to one profile and merging profiles, for integrators' systems of record. */
@ApiTags('Customers')
@Controller('api/v1')
export class CustomerIdentityController {
  constructor(
    private readonly customers: CustomersService,
    private readonly merges: CustomerMergesService,
  ) {}

  /** Resolve-or-create: 201 with a new profile, or 200 with the profile that already owns these identities. */
  @Authenticated({ scopes: ['customers:write'] })
  @Post('customers')
  @AuditsProfileAccess('resolve')
  @ApiCreatedResponse({ type: CustomerResponseDto, description: 'A new profile' })
  @ApiOkResponse({ type: CustomerResponseDto, description: 'An existing profile, updated' })
  @ApiConflictResponse({ description: 'The identities belong to two different profiles (IDENTITIES_SPLIT)' })
  async create(@Body() dto: CreateCustomerDto, @CurrentPrincipal() caller: ApiKeyPrincipal, @Res({ passthrough: true }) reply: FastifyReply) {
    const { customer, created } = await this.customers.resolveOrCreate(dto, changedBy(caller));
    void reply.status(created ? 201 : 200);
    return customer;
  }

  /** Adds an identity (loyalty card, device, external id...) to a profile. */
  @Authenticated({ scopes: ['customers:write'] })
  @Post('customers/:id/identities')
  @AuditsProfileAccess('add_identity')
  @notFound
  @ApiConflictResponse({ description: 'The identity belongs to another profile (details.ownerId)' })
  addIdentity(@Param('id', ParseUUIDPipe) id: string, @Body() dto: IdentityDto): Promise<CustomerResponseDto> {
    return this.customers.addIdentity(id, dto);
  }

  /** Moves the source's identities, interactions and conversations to this customer; undo with the returned mergeId. */
  @Authenticated({ scopes: ['customers:write'] })
  @Post('customers/:id/merge')
  @AuditsProfileAccess('merge')
  @notFound
  @ApiConflictResponse({ description: 'Both profiles carry a different external_id' })
  merge(@Param('id', ParseUUIDPipe) id: string, @Body() dto: MergeCustomerDto, @CurrentPrincipal() caller: ApiKeyPrincipal): Promise<MergeResponseDto> {
    return this.merges.merge(id, dto.sourceId, `api_key:${caller.id}`);
  }

  /** Undoes a merge: the source profile comes back with what it brought. */
  @Authenticated({ scopes: ['customers:write'] })
  @Post('customer-merges/:mergeId/undo')
  @ApiNotFoundResponse({ description: 'No such merge' })
  @ApiConflictResponse({ description: 'Already undone' })
  undo(@Param('mergeId', ParseUUIDPipe) mergeId: string, @CurrentPrincipal() caller: ApiKeyPrincipal): Promise<MergeResponseDto> {
    return this.merges.undo(mergeId, `api_key:${caller.id}`);
  }
}

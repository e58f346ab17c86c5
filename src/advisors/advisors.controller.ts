import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal } from '../common/auth/access-policy.decorator';
import { AdvisorPrincipal } from '../common/auth/principal';
import { ApiPageResponse } from '../common/api-page-response.decorator';
import { PageQueryDto } from '../common/pagination';
import { AdvisorsService } from './advisors.service';
import { AdvisorResponseDto, CreateAdvisorDto, UpdateAdvisorDto } from './dto/advisor.dto';

@ApiTags('Advisors')
@Authenticated({ scopes: ['advisors:manage'], roles: ['admin'] })
@Controller(['api/v1/advisors', 'console/v1/advisors'])
export class AdvisorsController {
  constructor(private readonly advisors: AdvisorsService) {}

  /** Creates an advisor account with its roles, skills, languages and store. */
  @Post()
  create(@Body() dto: CreateAdvisorDto): Promise<AdvisorResponseDto> {
    return this.advisors.create(dto);
  }

  /** Lists advisors (supervisors may read the list in the console). */
  @Authenticated({ scopes: ['advisors:manage'], roles: ['admin', 'supervisor'] })
  @Get()
  @ApiPageResponse(AdvisorResponseDto)
  list(@Query() query: PageQueryDto) {
    return this.advisors.list(query);
  }

  /** Reads one advisor. */
  @Get(':id')
  get(@Param('id', ParseUUIDPipe) id: string): Promise<AdvisorResponseDto> {
    return this.advisors.get(id);
  }

  /** Changes an advisor's profile, roles or password. */
  @Patch(':id')
  update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateAdvisorDto): Promise<AdvisorResponseDto> {
    return this.advisors.update(id, dto);
  }
}

@ApiTags('Console: session')
@Authenticated({ roles: [] })
@Controller('console/v1/me')
export class MeController {
  constructor(private readonly advisors: AdvisorsService) {}

  /** The advisor behind the token. */
  @Get()
  me(@CurrentPrincipal() advisor: AdvisorPrincipal): Promise<AdvisorResponseDto> {
    return this.advisors.get(advisor.id);
  }
}

import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiAuth, ConsoleAuth, CurrentPrincipal } from '../auth/auth.decorators';
import { AdvisorPrincipal } from '../auth/principal';
import { ApiPageResponse } from '../common/api-page-response.decorator';
import { PageQueryDto } from '../common/pagination';
import { AdvisorsService } from './advisors.service';
import { AdvisorResponseDto, CreateAdvisorDto, UpdateAdvisorDto } from './dto/advisor.dto';

@ApiTags('Advisors')
@ApiAuth('advisors:manage')
@Controller('api/v1/advisors')
export class AdvisorsApiController {
  constructor(private readonly advisors: AdvisorsService) {}

  @Post()
  create(@Body() dto: CreateAdvisorDto): Promise<AdvisorResponseDto> {
    return this.advisors.create(dto);
  }

  @Get()
  @ApiPageResponse(AdvisorResponseDto)
  list(@Query() query: PageQueryDto) {
    return this.advisors.list(query);
  }

  @Get(':id')
  get(@Param('id', ParseUUIDPipe) id: string): Promise<AdvisorResponseDto> {
    return this.advisors.get(id);
  }

  @Patch(':id')
  update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateAdvisorDto): Promise<AdvisorResponseDto> {
    return this.advisors.update(id, dto);
  }
}

@ApiTags('Advisors')
@ConsoleAuth('admin')
@Controller('console/v1/advisors')
export class AdvisorsConsoleController {
  constructor(private readonly advisors: AdvisorsService) {}

  @Post()
  create(@Body() dto: CreateAdvisorDto): Promise<AdvisorResponseDto> {
    return this.advisors.create(dto);
  }

  @ConsoleAuth('admin', 'supervisor')
  @Get()
  @ApiPageResponse(AdvisorResponseDto)
  list(@Query() query: PageQueryDto) {
    return this.advisors.list(query);
  }

  @Patch(':id')
  update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateAdvisorDto): Promise<AdvisorResponseDto> {
    return this.advisors.update(id, dto);
  }
}

@ApiTags('Console: session')
@ConsoleAuth()
@Controller('console/v1/me')
export class MeController {
  constructor(private readonly advisors: AdvisorsService) {}

  /** The advisor behind the token. */
  @Get()
  me(@CurrentPrincipal() advisor: AdvisorPrincipal): Promise<AdvisorResponseDto> {
    return this.advisors.get(advisor.id);
  }
}

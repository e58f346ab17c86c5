import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiNoContentResponse, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import { ApiAuth, ConsoleAuth } from '../auth/auth.decorators';
import { ApiPageResponse } from '../common/api-page-response.decorator';
import { TargetingRuleBodyDto, TargetingRuleListQueryDto, TargetingRuleResponseDto } from './dto/targeting-rule.dto';
import { TargetingRulesService } from './targeting-rules.service';

// The body is checked by the rule validator (paths like `conditions.all[2].operator`), not the global pipe:
// typed as a plain record, the pipe leaves it alone.
type RulePayload = Record<string, unknown>;

@ApiTags('Targeting rules')
@ApiAuth('targeting:manage')
@ApiNotFoundResponse({ description: 'No such rule (TARGETING_RULE_NOT_FOUND)' })
@Controller('api/v1/targeting-rules')
export class TargetingRulesApiController {
  constructor(private readonly rules: TargetingRulesService) {}

  @Post()
  @ApiBody({ type: TargetingRuleBodyDto })
  @ApiBadRequestResponse({ description: 'INVALID_RULE: details[].field is the path of each bad field' })
  create(@Body() body: RulePayload): Promise<TargetingRuleResponseDto> {
    return this.rules.create(body);
  }

  @Get()
  @ApiPageResponse(TargetingRuleResponseDto)
  list(@Query() query: TargetingRuleListQueryDto) {
    return this.rules.list(query);
  }

  @Get(':id')
  get(@Param('id', ParseUUIDPipe) id: string): Promise<TargetingRuleResponseDto> {
    return this.rules.get(id);
  }

  @Patch(':id')
  @ApiBody({ type: TargetingRuleBodyDto })
  @ApiBadRequestResponse({ description: 'INVALID_RULE: details[].field is the path of each bad field' })
  update(@Param('id', ParseUUIDPipe) id: string, @Body() body: RulePayload): Promise<TargetingRuleResponseDto> {
    return this.rules.update(id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse()
  remove(@Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.rules.remove(id);
  }
}

@ApiTags('Targeting rules')
@ConsoleAuth('admin', 'supervisor')
@ApiNotFoundResponse({ description: 'No such rule (TARGETING_RULE_NOT_FOUND)' })
@Controller('console/v1/targeting-rules')
export class TargetingRulesConsoleController {
  constructor(private readonly rules: TargetingRulesService) {}

  @Post()
  @ApiBody({ type: TargetingRuleBodyDto })
  create(@Body() body: RulePayload): Promise<TargetingRuleResponseDto> {
    return this.rules.create(body);
  }

  @Get()
  @ApiPageResponse(TargetingRuleResponseDto)
  list(@Query() query: TargetingRuleListQueryDto) {
    return this.rules.list(query);
  }

  @Get(':id')
  get(@Param('id', ParseUUIDPipe) id: string): Promise<TargetingRuleResponseDto> {
    return this.rules.get(id);
  }

  @Patch(':id')
  @ApiBody({ type: TargetingRuleBodyDto })
  update(@Param('id', ParseUUIDPipe) id: string, @Body() body: RulePayload): Promise<TargetingRuleResponseDto> {
    return this.rules.update(id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  remove(@Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.rules.remove(id);
  }
}

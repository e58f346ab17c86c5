import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../common/auth/access-policy.decorator';
import { ApiBodySchema } from '../common/schema';
import { ApiPageResponse } from '../common/api-page-response.decorator';
import { RulePreviewQueryDto, RulePreviewResponseDto } from './dto/rule-preview.dto';
import { TargetingRuleListQueryDto, TargetingRuleResponseDto } from './dto/targeting-rule.dto';
import { RulePreviewService } from './rule-preview.service';
import { rulePatchSchema, ruleSchema } from './rule.schema';
import { TargetingRulesService } from './targeting-rules.service';

// The body is checked by the rule schema (paths like `conditions.all[2].operator`), not the global pipe: typed as a
// plain record, the pipe leaves it alone. The same schema documents it.
type RulePayload = Record<string, unknown>;

const invalidRule = ApiBadRequestResponse({ description: 'INVALID_RULE: details[].field is the path of each bad field' });

@ApiTags('Targeting rules')
@Authenticated({ scopes: ['targeting:manage'], roles: ['admin', 'supervisor'] })
@ApiNotFoundResponse({ description: 'No such rule (TARGETING_RULE_NOT_FOUND)' })
@Controller(['api/v1/targeting-rules', 'console/v1/targeting-rules'])
export class TargetingRulesController {
  constructor(
    private readonly rules: TargetingRulesService,
    private readonly previews: RulePreviewService,
  ) {}

  /** Creates a rule: conditions, the action to show, and optionally an advisor requirement, schedule and control group. */
  @Post()
  @ApiBodySchema(ruleSchema)
  @invalidRule
  create(@Body() body: RulePayload): Promise<TargetingRuleResponseDto> {
    return this.rules.create(body);
  }

  /**
   * Which of the most recent visits (`visits`, default 200, at most 1000) a rule body would have matched, at each
   * visit's last event: counts and a sample. Nothing is stored; the body is validated as on create.
   */
  @Post('preview')
  @HttpCode(200)
  @ApiBodySchema(ruleSchema)
  @invalidRule
  preview(@Body() body: RulePayload, @Query() query: RulePreviewQueryDto): Promise<RulePreviewResponseDto> {
    return this.previews.preview(body, query.visits);
  }

  /** Lists the rules, oldest first; `enabled` filters. */
  @Get()
  @ApiPageResponse(TargetingRuleResponseDto)
  list(@Query() query: TargetingRuleListQueryDto) {
    return this.rules.list(query);
  }

  /** Reads one rule. */
  @Get(':id')
  get(@Param('id', ParseUUIDPipe) id: string): Promise<TargetingRuleResponseDto> {
    return this.rules.get(id);
  }

  /** Changes the fields sent (null clears an optional one); the merged rule is validated as a whole. */
  @Patch(':id')
  @ApiBodySchema(rulePatchSchema)
  @invalidRule
  update(@Param('id', ParseUUIDPipe) id: string, @Body() body: RulePayload): Promise<TargetingRuleResponseDto> {
    return this.rules.update(id, body);
  }

  /** Deletes a rule: it stops matching at once; what it showed stays in analytics. */
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse()
  remove(@Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.rules.remove(id);
  }
}

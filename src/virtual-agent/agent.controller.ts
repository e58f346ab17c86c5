import { Body, Controller, Get, Headers, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiPayloadTooLargeResponse, ApiProduces, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { Authenticated } from '../common/auth/access-policy.decorator';
import { ApiPageResponse } from '../common/api-page-response.decorator';
import { Page } from '../common/pagination';
import { AgentService } from './agent.service';
import { AgentAnswerDto, AgentQuestionDto, UnansweredQueryDto, UnansweredQuestionDto } from './dto/agent.dto';
import { MessageTextPipe } from './message-text.pipe';
import { UnansweredQuestionsService } from './unanswered-questions.service';

@ApiTags('Virtual agent')
@Authenticated({ scopes: ['agent:use'] })
@Controller('api/v1/agent')
export class AgentController {
  constructor(private readonly agent: AgentService) {}

  /** Asks the virtual agent one question, outside any conversation (no escalation history). */
  @Post('answer')
  @HttpCode(200)
  @ApiOkResponse({ type: AgentAnswerDto })
  @ApiPayloadTooLargeResponse({ description: 'text is longer than 5,000 characters (MESSAGE_TOO_LONG)' })
  @ApiServiceUnavailableResponse({ description: 'The agent could not load its model (AGENT_UNAVAILABLE)' })
  answer(@Body(MessageTextPipe) dto: AgentQuestionDto): Promise<AgentAnswerDto> {
    return this.agent.answer(dto.text, dto.locale);
  }
}

@ApiTags('Virtual agent')
@Authenticated({ scopes: ['agent:manage'], roles: ['admin', 'supervisor'] })
@Controller(['api/v1/agent', 'console/v1/agent'])
export class UnansweredQuestionsController {
  constructor(private readonly unanswered: UnansweredQuestionsService) {}

  /** Questions the agent fell back on or had to clarify, newest first: a JSON page, or all of them as CSV with `?format=csv` or `Accept: text/csv`. */
  @Get('unanswered')
  @ApiProduces('application/json', 'text/csv')
  @ApiPageResponse(UnansweredQuestionDto)
  list(
    @Query() query: UnansweredQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Page<UnansweredQuestionDto> | string> {
    const csv = query.format ? query.format === 'csv' : (accept ?? '').includes('text/csv');
    if (!csv) return this.unanswered.list(query);
    void reply.header('Content-Type', 'text/csv; charset=utf-8').header('Content-Disposition', 'attachment; filename="unanswered-questions.csv"');
    return this.unanswered.exportCsv(query);
  }
}

import { Body, Controller, Get, Headers, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiPayloadTooLargeResponse, ApiProduces, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { ApiAuth, ConsoleAuth } from '../auth/auth.decorators';
import { ApiPageResponse } from '../common/api-page-response.decorator';
import { Page } from '../common/pagination';
import { AgentService } from './agent.service';
import { AgentAnswerDto, AgentQuestionDto, UnansweredQueryDto, UnansweredQuestionDto } from './dto/agent.dto';
import { MessageTextPipe } from './message-text.pipe';
import { UnansweredQuestionsService } from './unanswered-questions.service';

/** JSON page by default; the whole log as CSV with `?format=csv` or `Accept: text/csv`. */
async function unansweredList(
  service: UnansweredQuestionsService,
  query: UnansweredQueryDto,
  accept: string | undefined,
  reply: FastifyReply,
): Promise<Page<UnansweredQuestionDto> | string> {
  const csv = query.format ? query.format === 'csv' : (accept ?? '').includes('text/csv');
  if (!csv) return service.list(query);
  void reply.header('Content-Type', 'text/csv; charset=utf-8').header('Content-Disposition', 'attachment; filename="unanswered-questions.csv"');
  return service.exportCsv(query);
}

@ApiTags('Virtual agent')
@Controller('api/v1/agent')
export class AgentApiController {
  constructor(
    private readonly agent: AgentService,
    private readonly unanswered: UnansweredQuestionsService,
  ) {}

  /** Asks the virtual agent one question, outside any conversation (no escalation history). */
  @ApiAuth('agent:use')
  @Post('answer')
  @HttpCode(200)
  @ApiOkResponse({ type: AgentAnswerDto })
  @ApiPayloadTooLargeResponse({ description: 'text is longer than 5,000 characters (MESSAGE_TOO_LONG)' })
  @ApiServiceUnavailableResponse({ description: 'The agent could not load its model (AGENT_UNAVAILABLE)' })
  answer(@Body(MessageTextPipe) dto: AgentQuestionDto): Promise<AgentAnswerDto> {
    return this.agent.answer(dto.text, dto.locale);
  }

  /** Questions the agent fell back on or had to clarify, newest first. */
  @ApiAuth('agent:manage')
  @Get('unanswered')
  @ApiProduces('application/json', 'text/csv')
  @ApiPageResponse(UnansweredQuestionDto)
  unansweredQuestions(@Query() query: UnansweredQueryDto, @Headers('accept') accept: string | undefined, @Res({ passthrough: true }) reply: FastifyReply) {
    return unansweredList(this.unanswered, query, accept, reply);
  }
}

@ApiTags('Console: virtual agent')
@Controller('console/v1/agent')
export class AgentConsoleController {
  constructor(private readonly unanswered: UnansweredQuestionsService) {}

  /** Questions the agent fell back on or had to clarify, newest first (admins and supervisors). */
  @ConsoleAuth('admin', 'supervisor')
  @Get('unanswered')
  @ApiProduces('application/json', 'text/csv')
  @ApiPageResponse(UnansweredQuestionDto)
  unansweredQuestions(@Query() query: UnansweredQueryDto, @Headers('accept') accept: string | undefined, @Res({ passthrough: true }) reply: FastifyReply) {
    return unansweredList(this.unanswered, query, accept, reply);
  }
}

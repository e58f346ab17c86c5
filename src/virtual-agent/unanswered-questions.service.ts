import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, SelectQueryBuilder } from 'typeorm';
import { keysetPage, mapPage, Page } from '../common/pagination';
import { UnansweredQueryDto, UnansweredQuestionDto } from './dto/agent.dto';
import { UnansweredQuestion } from './unanswered-question.entity';
import { csvCell } from '../common/csv';

export const toUnansweredQuestionResponse = (q: UnansweredQuestion): UnansweredQuestionDto => ({
  id: q.id,
  text: q.text,
  locale: q.locale,
  action: q.action,
  bestGuess: q.bestGuess,
  confidence: q.confidence,
  fallbackReason: q.fallbackReason,
  chosenIntent: q.chosenIntent,
  conversationId: q.conversationId,
  createdAt: q.createdAt,
});

const CSV_COLUMNS: (keyof UnansweredQuestionDto)[] = ['createdAt', 'locale', 'action', 'text', 'bestGuess', 'confidence', 'conversationId', 'id', 'fallbackReason', 'chosenIntent'];

/** The questions the agent could not answer, newest first, for admins to grow the knowledge base. */
@Injectable()
export class UnansweredQuestionsService {
  constructor(@InjectRepository(UnansweredQuestion) private readonly questions: Repository<UnansweredQuestion>) {}

  async list(query: UnansweredQueryDto): Promise<Page<UnansweredQuestionDto>> {
    return mapPage(await keysetPage(this.filtered(query), query, { column: 'q.created_at', value: (q) => q.createdAt, direction: 'DESC' }), toUnansweredQuestionResponse);
  }

  /** Every matching question as CSV, header first. */
  async exportCsv(query: UnansweredQueryDto): Promise<string> {
    const rows = await this.filtered(query).getMany();
    const lines = rows.map(toUnansweredQuestionResponse).map((q) => CSV_COLUMNS.map((c) => csvCell(q[c])).join(','));
    return [CSV_COLUMNS.join(','), ...lines].join('\r\n') + '\r\n';
  }

  private filtered(query: UnansweredQueryDto): SelectQueryBuilder<UnansweredQuestion> {
    const qb = this.questions.createQueryBuilder('q').orderBy('q.created_at', 'DESC').addOrderBy('q.id', 'DESC');
    if (query.locale) qb.andWhere('q.locale = :locale', { locale: query.locale });
    return qb;
  }
}

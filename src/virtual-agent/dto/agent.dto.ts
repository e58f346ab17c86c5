import { Transform } from 'class-transformer';
import { IsIn, IsString, Matches } from 'class-validator';
import { PageQueryDto } from '../../common/pagination';
import type { FallbackReason } from '../classifier/intent-classifier';
import type { EscalationReason } from '../escalation-policy';
import type { Route } from '../knowledge-base/knowledge-base.loader';
import type { Locale } from '../nlp/text-normalizer';
import { Omittable } from '../../common/omittable';

/** "fr", "en", or a tag such as "fr-FR" (reduced to its language). */
export const LOCALE_PATTERN = /^(fr|en)([-_][a-z]{2,4})?$/i;
export const toLocale = ({ value }: { value: unknown }) => (typeof value === 'string' && LOCALE_PATTERN.test(value) ? value.slice(0, 2).toLowerCase() : value);

export class AgentQuestionDto {
  /** The visitor's message, 1 to 5,000 characters of text. */
  @IsString()
  text: string;

  /** The page's language; it breaks ties when the message itself could be French or English. */
  @Transform(toLocale)
  @Matches(LOCALE_PATTERN, { message: 'locale must be fr or en (a tag such as fr-FR is accepted)' })
  @Omittable()
  locale?: Locale;
}

export class ScoredIntentDto {
  intent: string;
  confidence: number;
}

export class QuickReplyDto {
  intent: string;
  /** Text to show on the button and to send back as the visitor's next message. */
  label: string;
}

export class EscalationDto {
  route: Route;
  reason: EscalationReason;
  /** The advisor skill the hand-over needs, when the intent names one. */
  skill?: string;
}

export class FallbackDto {
  /**
   * `off_topic`: not a question for the shop; `near_miss`: a shop question the knowledge base does not answer;
   * `low_confidence`: nothing the agent knows well enough.
   */
  reason: FallbackReason;
}

export const AGENT_ACTIONS = ['answer', 'clarify', 'escalate', 'fallback'] as const;
export type AgentAction = (typeof AGENT_ACTIONS)[number];

export class AgentAnswerDto {
  /** The language of the answer (detected from the message, the page's locale breaking ties). */
  locale: Locale;
  /** The intent answered (with `clarify`: the first choice); null on a fallback. */
  intent: string | null;
  /** Probability of the best intent, even when the agent does not answer it. */
  confidence: number;
  /** `answer` with the intent's answer, `clarify` with two quick replies, `escalate` to a person, `fallback` when it cannot answer (see `fallback.reason`). */
  action: AgentAction;
  /** The text to show: the intent's answer, a clarifying question, what to do instead, or a hand-over message. */
  answer: string;
  alternatives: ScoredIntentDto[];
  /** With `clarify`: the two topics to offer as buttons. */
  quickReplies?: QuickReplyDto[];
  /** With `escalate`: where the conversation should go and why. */
  escalation?: EscalationDto;
  /** With `fallback`: why the agent did not answer. */
  fallback?: FallbackDto;
}

export class UnansweredQueryDto extends PageQueryDto {
  @Transform(toLocale)
  @IsIn(['fr', 'en'])
  @Omittable()
  locale?: Locale;

  /** `csv` exports every matching question (as does `Accept: text/csv`); pagination then does not apply. */
  @IsIn(['json', 'csv'])
  @Omittable()
  format?: 'json' | 'csv';
}

export class UnansweredQuestionDto {
  id: string;
  text: string;
  locale: Locale;
  /** `fallback` (not understood) or `clarify` (two intents too close to choose). */
  action: 'fallback' | 'clarify';
  bestGuess: string | null;
  confidence: number;
  /** With `fallback`: `off_topic`, `near_miss` or `low_confidence`. */
  fallbackReason: FallbackReason | null;
  /** With `clarify` in a conversation: the topic the visitor chose, a confirmed example for that intent. */
  chosenIntent: string | null;
  conversationId: string | null;
  createdAt: Date;
}

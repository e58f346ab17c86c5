import { agentConfidence } from '../metrics/metrics';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { HttpStatus, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { DomainError } from '../common/domain-error';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { AgentAnswerDto, QuickReplyDto } from './dto/agent.dto';
import { ConversationFacts, decideEscalation, EscalationDecision, HUMAN_REQUEST_INTENT } from './escalation-policy';
import { Classification, FallbackReason, IntentClassifier, IntentClassifierJSON } from './classifier/intent-classifier';
import {
  answerOf,
  exampleKey,
  findKnowledgeBaseFolder,
  followUpOf,
  hashKnowledgeBase,
  KnowledgeBase,
  loadKnowledgeBase,
  Route,
  toTrainingSets,
} from './knowledge-base/knowledge-base.loader';
import { scoreSentiment } from './nlp/sentiment';
import { Locale } from './nlp/text-normalizer';
import { UnansweredQuestion } from './unanswered-question.entity';

/** A message classified and scored: everything the reply depends on except the conversation's history. */
export interface Understanding {
  text: string;
  classification: Classification;
  sentiment: number;
  kb: KnowledgeBase;
}

/** What the conversation remembers between turns (the intent's follow-up is looked up here). */
export type TurnFacts = Omit<ConversationFacts, 'previousThen'>;

interface LoadedModel {
  kb: KnowledgeBase;
  classifier: IntentClassifier;
}

interface CachedModel {
  hash: string;
  model: IntentClassifierJSON;
}

const REPLIES: Record<Locale, { fallback: Record<FallbackReason, string>; clarify: string; handover: Record<Route, string> }> = {
  en: {
    fallback: {
      low_confidence: "Sorry, I didn't understand your question. Could you rephrase it, for example by naming the product or the order it is about?",
      near_miss: "I'm sorry, I can't answer that question here. Our help centre may cover it, or you can rephrase your question.",
      off_topic: 'I can only help with questions about our shop: orders, delivery, returns, products, stores and your account.',
    },
    clarify: 'Just to be sure I understand: is your question about one of these?',
    handover: {
      human: "I'm passing you to one of our advisors, who will see this conversation and answer you here.",
      callback: 'One of our advisors can call you back: leave your phone number and choose a time slot.',
      store: 'An advisor in one of our stores can help you: choose a store and a time for an appointment.',
      call: 'One of our advisors can call you right away: leave your phone number.',
    },
  },
  fr: {
    fallback: {
      low_confidence: "Désolé, je n'ai pas compris votre question. Pouvez-vous la reformuler, par exemple en précisant le produit ou la commande concernés ?",
      near_miss: "Désolé, je ne peux pas répondre à cette question ici. Notre centre d'aide en parle peut-être, ou vous pouvez reformuler votre question.",
      off_topic: 'Je ne peux vous aider que sur notre boutique : commandes, livraison, retours, produits, magasins et votre compte.',
    },
    clarify: "Pour être sûr de bien comprendre : votre question porte-t-elle sur l'un de ces sujets ?",
    handover: {
      human: 'Je vous mets en relation avec un conseiller : il verra cette conversation et vous répondra ici.',
      callback: 'Un conseiller peut vous rappeler : laissez votre numéro de téléphone et choisissez un créneau.',
      store: "Un conseiller en magasin peut vous aider : choisissez un magasin et l'heure d'un rendez-vous.",
      call: 'Un conseiller peut vous appeler tout de suite : laissez votre numéro de téléphone.',
    },
  },
};

const MODEL_CACHE_FILE = 'agent-model.json';

/** The training worker exists only in a compiled build (a worker thread cannot load TypeScript). */
function trainingWorkerScript(): string | null {
  const script = join(__dirname, 'agent-model.worker.js');
  return __filename.endsWith('.js') && existsSync(script) ? script : null;
}

function trainInWorker(script: string, path: string): Promise<IntentClassifierJSON> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(script, { workerData: { path } });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`The agent training worker exited with code ${code}`)));
  });
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * The virtual agent as the app serves it: the knowledge base, the classifier trained on it (cached in the
 * data folder, keyed by the content hash), the escalation policy, the wording of replies, and the log of
 * questions it could not answer.
 */
@Injectable()
export class AgentService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AgentService.name);
  private model?: Promise<LoadedModel>;
  private sentimentBroken = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectRepository(UnansweredQuestion) private readonly unanswered: Repository<UnansweredQuestion>,
  ) {}

  /**
   * A compiled build trains on a worker thread as soon as the app is up, so the first visitor does not wait.
   * Run from TypeScript sources (the e2e tests) training waits for the first question, so that test files
   * that never ask one do not pay for it.
   */
  onApplicationBootstrap(): void {
    if (trainingWorkerScript()) this.ready().catch((error: unknown) => this.logger.error({ err: error }, 'The virtual agent could not load its model'));
  }

  /** The trained model; concurrent callers share one load, and a failed load is retried by the next call. */
  ready(): Promise<LoadedModel> {
    this.model ??= this.load().catch((error: unknown) => {
      this.model = undefined;
      throw error;
    });
    return this.model;
  }

  async understand(text: string, locale?: Locale): Promise<Understanding> {
    const { kb, classifier } = await this.ready().catch((error: unknown) => {
      this.logger.error({ err: error }, 'The virtual agent has no model');
      throw new DomainError(HttpStatus.SERVICE_UNAVAILABLE, 'AGENT_UNAVAILABLE', 'The virtual agent is not available right now');
    });
    const classification = classifier.classify(text, locale);
    agentConfidence.observe({ action: classification.action }, classification.confidence);
    return { text, classification, sentiment: this.sentiment(text, classification.locale), kb };
  }

  /**
   * Sentiment is one hint among four for escalation: if natural's analyser cannot load (its AFINN list is
   * an ES module, which some runtimes cannot require), the agent keeps answering and reads messages as neutral.
   */
  private sentiment(text: string, locale: Locale): number {
    if (this.sentimentBroken) return 0;
    try {
      return scoreSentiment(text, locale).score;
    } catch (error) {
      this.sentimentBroken = true;
      this.logger.warn({ err: error }, 'Sentiment analysis is unavailable; messages are read as neutral');
      return 0;
    }
  }

  /** The reply to an understood message, given what the conversation knows (nothing for a one-off question). */
  decide(u: Understanding, facts: TurnFacts = { consecutiveFallbacks: 0 }): AgentAnswerDto {
    const { classification: c, kb } = u;
    const previousThen = facts.previousIntent ? followUpOf(kb, facts.previousIntent) : null;
    const escalation = decideEscalation({
      text: u.text,
      classification: c,
      then: c.intent ? followUpOf(kb, c.intent) : null,
      facts: { ...facts, previousThen },
      sentiment: u.sentiment,
    });
    const base = { locale: c.locale, intent: c.intent, confidence: c.confidence, alternatives: c.alternatives };
    if (escalation.escalate) return { ...base, action: 'escalate', answer: this.handoverText(u, escalation), escalation: this.toEscalation(escalation) };
    switch (c.action) {
      case 'answer':
        return { ...base, action: 'answer', answer: answerOf(kb, c.locale, c.intent!) ?? REPLIES[c.locale].fallback.low_confidence };
      case 'clarify':
        return {
          ...base,
          action: 'clarify',
          answer: REPLIES[c.locale].clarify,
          quickReplies: c.alternatives.slice(0, 2).map((a) => ({ intent: a.intent, label: this.topicLabel(kb, c.locale, a.intent) })),
        };
      case 'fallback': {
        const reason = c.fallbackReason ?? 'low_confidence';
        return { ...base, action: 'fallback', answer: REPLIES[c.locale].fallback[reason], fallback: { reason } };
      }
    }
  }

  /** A one-off question (`POST /api/v1/agent/answer`). */
  async answer(text: string, locale?: Locale): Promise<AgentAnswerDto> {
    const u = await this.understand(text, locale);
    await this.logIfUnanswered(u, this.unanswered.manager);
    return this.decide(u);
  }

  /** Fallbacks and clarifications go to the unanswered-question log. */
  async logIfUnanswered(u: Understanding, manager: EntityManager, conversationId: string | null = null): Promise<void> {
    const c = u.classification;
    if (c.action === 'answer') return;
    await manager.insert(UnansweredQuestion, {
      text: u.text,
      locale: c.locale,
      action: c.action,
      bestGuess: c.alternatives[0]?.intent ?? null,
      confidence: c.confidence,
      fallbackReason: c.fallbackReason ?? null,
      conversationId,
    });
  }

  /**
   * The visitor's pick after a clarifying question (the label of a quick reply, or its intent) is answered
   * with that intent, and recorded on the clarified question: the log then holds a phrasing the visitor
   * confirmed, ready to become an example. Null when the message is not one of the offered replies.
   */
  async resolveClarification(u: Understanding, offered: QuickReplyDto[] | null, manager: EntityManager, conversationId: string): Promise<Understanding | null> {
    const key = exampleKey(u.text);
    const chosen = offered?.find((r) => exampleKey(r.label) === key || r.intent === u.text);
    if (!chosen) return null;
    const clarified = await manager.findOne(UnansweredQuestion, { where: { conversationId, action: 'clarify' }, order: { createdAt: 'DESC' } });
    if (clarified) await manager.update(UnansweredQuestion, { id: clarified.id }, { chosenIntent: chosen.intent });
    const classification: Classification = { ...u.classification, intent: chosen.intent, confidence: 1, action: 'answer', fallbackReason: undefined };
    return { ...u, classification };
  }

  /** An intent that hands over says so in its own answer; other hand-overs get the route's message. */
  private handoverText(u: Understanding, escalation: EscalationDecision): string {
    const { intent, locale } = u.classification;
    const ownAnswer = intent && (escalation.reason === 'intent_requires_human' || intent === HUMAN_REQUEST_INTENT) ? answerOf(u.kb, locale, intent) : undefined;
    return ownAnswer ?? REPLIES[locale].handover[escalation.route ?? 'human'];
  }

  private toEscalation(escalation: EscalationDecision): AgentAnswerDto['escalation'] {
    return { route: escalation.route ?? 'human', reason: escalation.reason!, ...(escalation.skill ? { skill: escalation.skill } : {}) };
  }

  /** The intent's first example is its shortest plain name ("delivery time", "code promo"). */
  private topicLabel(kb: KnowledgeBase, locale: Locale, intent: string): string {
    const example = kb.locales[locale]?.intents.find((i) => i.intent === intent)?.examples[0];
    return capitalise(example ?? intent.replace(/_/g, ' '));
  }

  private async load(): Promise<LoadedModel> {
    const path = findKnowledgeBaseFolder();
    const kb = loadKnowledgeBase(path);
    const hash = hashKnowledgeBase(kb);
    const cacheFile = join(this.config.dataDir, MODEL_CACHE_FILE);
    const cached = this.readCache(cacheFile, hash);
    if (cached) return { kb, classifier: IntentClassifier.fromJSON(cached) };
    const started = Date.now();
    const model = await this.train(path, kb);
    this.logger.log({ trainMs: Date.now() - started }, 'Virtual agent trained on the knowledge base');
    this.writeCache(cacheFile, { hash, model });
    return { kb, classifier: IntentClassifier.fromJSON(model) };
  }

  private async train(path: string, kb: KnowledgeBase): Promise<IntentClassifierJSON> {
    const script = trainingWorkerScript();
    if (script) return trainInWorker(script, path);
    return IntentClassifier.train(toTrainingSets(kb)).toJSON();
  }

  private readCache(file: string, hash: string): IntentClassifierJSON | null {
    if (!existsSync(file)) return null;
    try {
      const cached = JSON.parse(readFileSync(file, 'utf8')) as CachedModel;
      return cached.hash === hash ? cached.model : null;
    } catch {
      return null; // a half-written or foreign file: retrain and overwrite it
    }
  }

  /** Written aside then renamed, so a process reading it never sees half a model. */
  private writeCache(file: string, cached: CachedModel): void {
    try {
      mkdirSync(dirname(file), { recursive: true });
      const temporary = `${file}.${process.pid}.tmp`;
      writeFileSync(temporary, JSON.stringify(cached));
      renameSync(temporary, file);
    } catch (error) {
      this.logger.warn({ err: error }, 'Could not cache the trained agent model; the next start trains again');
    }
  }
}

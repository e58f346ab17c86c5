import { Classification } from './classifier/intent-classifier';
import { FollowUp, Route } from './knowledge-base/knowledge-base.loader';
import { foldText } from './nlp/text-normalizer';

export const HUMAN_REQUEST_INTENT = 'human_request';

export type EscalationReason = 'explicit_request' | 'still_stuck' | 'intent_requires_human' | 'negative_sentiment' | 'repeated_fallback';

export interface EscalationDecision {
  escalate: boolean;
  route: Route | null;
  skill?: string;
  reason: EscalationReason | null;
}

/** What the conversation knows before this message. */
export interface ConversationFacts {
  /** Fallbacks in a row just before this message (this message's own fallback is added by the policy). */
  consecutiveFallbacks: number;
  /** Intent answered on the previous bot turn, and what follows it (for `when: "if_stuck"`). */
  previousIntent?: string | null;
  previousThen?: FollowUp | null;
  /** Set by the caller when the visitor said the last answer did not help (a "no" button, say). */
  stillStuck?: boolean;
}

export interface EscalationInput {
  text: string;
  classification: Pick<Classification, 'intent' | 'action'>;
  /** `then` of the classified intent (intents.json). */
  then: FollowUp | null;
  facts: ConversationFacts;
  /** scoreSentiment(text).score, in [-1, 1]. */
  sentiment: number;
}

/** Two fallbacks in a row: the visitor is not being understood, a person should take over. */
export const REPEATED_FALLBACK_LIMIT = 2;
/** Below this the message reads as angry (e.g. "this is ridiculous", "j'en ai marre"), see sentiment.ts. */
export const NEGATIVE_SENTIMENT_THRESHOLD = -0.25;

// Backs the human_request intent with patterns, so "agent please" escalates even when the classifier
// is unsure. Matched on folded text (no accents, no apostrophes: "quelqu'un" is "quelqu un").
const PERSON_EN =
  '(?:a |an |the |some |one of your |your )?(?:real |live |actual )?(?:human(?: being)?|person|someone|somebody|agent|advis[oe]r|operator|representative|rep|staff|employee|customer service|support team|people)';
const PERSON_FR =
  '(?:un |une |le |la |l |des |vos |votre |a |au |avec |en )*(?:vrai |vraie |vraies |vrais )?(?:quelqu un|personne(?: reelle| physique)?|humain|humaine|etre humain|conseiller|conseillere|conseillers|agent|operateur|operatrice|interlocuteur|service client|vendeur|vendeuse|technicien)';
const HUMAN_PATTERNS: RegExp[] = [
  new RegExp(`\\b(?:talk|speak|chat|connect|transfer|put|pass|get|give|want|need|reach|contact)\\b(?: \\w+){0,4} (?:to |with |me |through to |on to )*${PERSON_EN}\\b`),
  new RegExp(`\\b(?:is there|are there|any)\\b(?: \\w+){0,2} ${PERSON_EN}\\b(?: \\w+){0,2} (?:available|there|i can talk to|to talk to|online)`),
  new RegExp(
    `\\b(?:parler|discuter|echanger|joindre|contacter|avoir|veux|voudrais|souhaite|aimerais|besoin|passez|passer|mettez|mettre|relation|transferer|appeler)\\b(?: \\w+){0,4} ${PERSON_FR}\\b`,
  ),
  /\b(?:someone|somebody|a person|a human|an agent|a real person)\b (?:\w+ )?(?:help|answer|assist)\b/,
  /\b(?:quelqu un|une personne|un humain|un conseiller|une conseillere)\b(?: \w+){0,2} (?:m aider|me repondre|me conseiller|s occuper de moi)\b/,
  new RegExp(`^(?:(?:please|pls|plz|svp|stp|s il vous plait|hello|bonjour) )*${PERSON_EN}(?: (?:please|pls|plz|now|asap))*$`),
  new RegExp(`^(?:(?:svp|stp|s il vous plait|bonjour|please) )*${PERSON_FR}(?: (?:svp|stp|s il vous plait|please|maintenant|vite))*$`),
];

// "Ask an agent how to return these shoes": the person relays a question the agent may answer itself.
const RELAYED_PATTERNS: RegExp[] = [
  new RegExp(`\\bask(?:ing)?\\b(?: \\w+){0,2} ${PERSON_EN} (?:how|if|whether|why|what|when|where|which|about)\\b`),
  new RegExp(`\\bdemander\\b(?: \\w+){0,2} ${PERSON_FR} (?:comment|si|s il|pourquoi|quand|ou|combien|quel|quelle|quels|quelles)\\b`),
];

/** An explicit request to talk to a person, in English or French, whatever the classifier thinks. */
export function isExplicitHumanRequest(text: string): boolean {
  const folded = foldText(text).replace(/\s+/g, ' ');
  return HUMAN_PATTERNS.some((p) => p.test(folded)) && !RELAYED_PATTERNS.some((p) => p.test(folded));
}

const STUCK_PATTERNS: RegExp[] = [
  /\bstill (?:not|doesn t|does not|don t|can t|cannot|won t|isn t|declined|refused|failing|stuck|the same|nothing|no)\b/,
  /\b(?:didn t|did not|doesn t|does not|hasn t|has not) (?:help|work|fix|solve)\b/,
  /\b(?:same|again the same) (?:problem|issue|error|thing)\b/,
  /\b(?:not|isn t) (?:working|solved|fixed|resolved)\b/,
  /\b(?:no luck|tried (?:that|it|everything|again))\b/,
  /\btoujours (?:pas|rien|le meme|la meme|bloque|bloquee|impossible|refuse|refusee|en erreur)\b/,
  /\b(?:ca|cela|c) (?:ne )?(?:marche|fonctionne|passe) (?:toujours |encore )?pas\b/,
  /\b(?:n a|n ont) (?:pas|rien) (?:marche|fonctionne|aide|change|resolu|regle)\b/,
  /\b(?:meme|toujours le meme) (?:probleme|erreur|souci|message)\b/,
  /\b(?:pas|toujours pas) (?:resolu|regle|mieux)\b/,
  /\b(?:rien n y fait|j ai (?:deja )?essaye|encore (?:refuse|bloque|une erreur|rate))\b/,
];

/** "Still not working", "ça ne marche toujours pas": the answer just given did not solve it. */
export function isStillStuckMessage(text: string): boolean {
  const folded = foldText(text).replace(/\s+/g, ' ');
  return STUCK_PATTERNS.some((p) => p.test(folded));
}

const NO_ESCALATION: EscalationDecision = { escalate: false, route: null, reason: null };

function to(route: Route, reason: EscalationReason, skill?: string): EscalationDecision {
  return { escalate: true, route, reason, ...(skill ? { skill } : {}) };
}

/**
 * Whether this message should go to a person, where, and why. Pure: the caller supplies the
 * classification, the intent's `then`, the conversation facts and the sentiment score. First match wins,
 * most specific first: an explicit request, then an `if_stuck` intent that did not help, then an intent
 * that always hands over, then anger, then not being understood twice in a row.
 */
export function decideEscalation(input: EscalationInput): EscalationDecision {
  const { classification, then, facts } = input;
  if (classification.intent === HUMAN_REQUEST_INTENT || isExplicitHumanRequest(input.text)) {
    const route = classification.intent === HUMAN_REQUEST_INTENT && then ? then.route : 'human';
    return to(route, 'explicit_request', classification.intent === HUMAN_REQUEST_INTENT ? then?.skill : undefined);
  }
  const pending = facts.previousThen?.when === 'if_stuck' ? facts.previousThen : null;
  if (pending) {
    const sameQuestion = classification.intent !== null && classification.intent === facts.previousIntent;
    if (facts.stillStuck === true || sameQuestion || isStillStuckMessage(input.text)) return to(pending.route, 'still_stuck', pending.skill);
  }
  if (classification.action !== 'fallback' && classification.intent !== null && then?.when === 'always') {
    return to(then.route, 'intent_requires_human', then.skill);
  }
  if (input.sentiment <= NEGATIVE_SENTIMENT_THRESHOLD) return to('human', 'negative_sentiment');
  const fallbacks = facts.consecutiveFallbacks + (classification.action === 'fallback' ? 1 : 0);
  if (classification.action === 'fallback' && fallbacks >= REPEATED_FALLBACK_LIMIT) return to('human', 'repeated_fallback');
  return NO_ESCALATION;
}

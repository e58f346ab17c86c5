/** An online chat advisor as routing sees them. */
export interface RoutingCandidate {
  id: string;
  skills: string[];
  languages: string[];
  /** Chats in progress plus pending offers. */
  load: number;
  capacity: number;
  /** When they last got a chat; the longest idle goes first among equals. */
  lastAssignedAt: Date | null;
}

export interface RoutingNeed {
  locale: string;
  skill: string | null;
}

/**
 * The best advisor for a conversation, or null when everybody is full: under capacity first, then one who speaks
 * the visitor's language, then one with the skill asked for, then the least loaded (relative to capacity), then
 * the longest idle. Language and skill rank rather than filter, so a visitor is never left waiting for a specialist
 * while a colleague is free.
 */
export function pickAdvisor(candidates: RoutingCandidate[], need: RoutingNeed): RoutingCandidate | null {
  const free = candidates.filter((c) => c.load < c.capacity);
  if (free.length === 0) return null;
  const score = (c: RoutingCandidate) => [
    c.languages.includes(need.locale) ? 0 : 1,
    need.skill && !c.skills.includes(need.skill) ? 1 : 0,
    c.load / c.capacity,
    c.lastAssignedAt?.getTime() ?? 0,
  ];
  return free.reduce((best, c) => (compare(score(c), score(best)) < 0 ? c : best));
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

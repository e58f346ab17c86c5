import { Injectable } from '@nestjs/common';

/**
 * Global targeting policy. Defaults suit most merchants; a rule's `frequency` overrides the decline policy
 * for that rule. Tests and embedding code may change the instance (`app.get(TargetingSettings)`).
 */
@Injectable()
export class TargetingSettings {
  /** Proactive actions (invitations, callback and discount offers) shown at most per visit. */
  maxProactivePerVisit = 3;
  /** After a visitor declines or dismisses a proactive action, none for the rest of the visit. */
  suppressAllAfterDecline = true;
  /** A purchase by the same visitor within this many days after accepting an action converts it. */
  attributionWindowDays = 7;
}

import type { FollowUpMode } from './cart-follow-up.entity';

export interface FollowUpPolicyValues {
  enabled: boolean;
  /** A cart with no visit activity for this long is abandoned. */
  inactivityMinutes: number;
  /** The follow-up is due this long after abandonment. */
  delayHours: number;
  /** Never later than this many days after abandonment. */
  maxDays: number;
  /** Carts above this value (EUR) are followed up by a person. */
  manualAboveAmount: number;
  incentiveCode: string | null;
}

export const DEFAULT_FOLLOW_UP_POLICY: FollowUpPolicyValues = {
  enabled: true,
  inactivityMinutes: 60,
  delayHours: 24,
  maxDays: 8,
  manualAboveAmount: 500,
  incentiveCode: null,
};

/** The longest `maxDays` a policy may have: how far back abandoned carts are looked for. */
export const MAX_FOLLOW_UP_DAYS = 8;

/** A person follows up a big cart or one a known problem blocked (a failed payment); a mail does the rest. */
export function followUpMode(cartValue: number, paymentFailed: boolean, policy: Pick<FollowUpPolicyValues, 'manualAboveAmount'>): { mode: FollowUpMode; reason: string | null } {
  if (paymentFailed) return { mode: 'manual', reason: 'payment_failed' };
  if (cartValue > policy.manualAboveAmount) return { mode: 'manual', reason: 'high_value' };
  return { mode: 'automatic', reason: null };
}

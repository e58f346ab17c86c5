export const LIVE_CHAT_QUEUE = 'live-chat';

export const LIVE_CHAT_JOBS = {
  expireOffer: 'expire-offer',
  presenceGrace: 'presence-grace',
} as const;

export interface ExpireOfferJob {
  offerId: string;
}

export interface PresenceGraceJob {
  advisorId: string;
}

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

/** Job data by job name, for the processor. */
export interface LiveChatJobData {
  [LIVE_CHAT_JOBS.expireOffer]: ExpireOfferJob;
  [LIVE_CHAT_JOBS.presenceGrace]: PresenceGraceJob;
}

export const expireOfferJobId = (offerId: string) => `offer-expiry-${offerId}`;
/** One check per dropped socket: a reconnect and a second drop schedule their own. */
export const presenceGraceJobId = (advisorId: string, socketId: string) => `presence-grace-${advisorId}-${socketId}`;

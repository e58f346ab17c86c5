/** One queue for outgoing mail; jobs carry the outbox row id, the row is the truth. */
export const MAIL_QUEUE = 'mail';
export const MAIL_JOBS = { send: 'send' } as const;

export interface SendMailJob {
  mailId: string;
}

/** Job data by job name, for the consumer. */
export interface MailJobData {
  [MAIL_JOBS.send]: SendMailJob;
}

export const sendMailJobId = (mailId: string) => `mail-send-${mailId}`;

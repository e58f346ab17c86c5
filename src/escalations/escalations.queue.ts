import type { RequestTraced } from '../jobs/jobs.service';

/** One queue for escalation work; jobs carry row ids, rows are the truth, sweeps re-deliver what is due. */
export const ESCALATIONS_QUEUE = 'escalations';
export const ESCALATION_JOBS = { assignCallback: 'callback.assign', remindAppointment: 'appointment.remind' } as const;

export interface AssignCallbackJob extends RequestTraced {
  callbackId: string;
  attempt: number;
}

export interface RemindAppointmentJob extends RequestTraced {
  appointmentId: string;
}

/** Job data by job name, for the processor. */
export interface EscalationJobData {
  [ESCALATION_JOBS.assignCallback]: AssignCallbackJob;
  [ESCALATION_JOBS.remindAppointment]: RemindAppointmentJob;
}

// BullMQ refuses ':' in custom ids.
export const assignCallbackJobId = (callbackId: string, attempt: number) => `callback-assign-${callbackId}-${attempt}`;
export const remindAppointmentJobId = (appointmentId: string) => `appointment-remind-${appointmentId}`;

/** Longer delays are left to the sweeps: in-process timers cannot wait more than ~24 days, and nothing is lost. */
export const MAX_JOB_DELAY_MS = 7 * 24 * 3600 * 1000;

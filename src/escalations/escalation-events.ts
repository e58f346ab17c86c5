import type { Appointment } from './store-visits/appointment.entity';
import type { Callback } from './callbacks/callback.entity';

// Webhook payloads of the escalation requests: ids, times and outcomes, never the visitor's phone or e-mail
// (a receiver that needs them reads the request through the API, which audits it).

/** Data of `callback.booked`. */
export const callbackBookedData = (c: Callback) => ({
  callbackId: c.id,
  siteId: c.siteId,
  customerId: c.customerId,
  conversationId: c.conversationId,
  slotStart: c.slotStart.toISOString(),
  slotEnd: c.slotEnd.toISOString(),
  promisedBy: c.promisedBy.toISOString(),
});

/** Data of `callback.missed`: the callback closed without reaching the person (no answer twice, or a wrong number). */
export const callbackMissedData = (c: Callback) => ({
  callbackId: c.id,
  siteId: c.siteId,
  customerId: c.customerId,
  outcome: c.outcome,
  attempts: c.outcomeLog.length,
  advisorId: c.advisorId,
  slotStart: c.slotStart.toISOString(),
});

/** Data of `appointment.booked`. */
export const appointmentBookedData = (a: Appointment) => ({
  appointmentId: a.id,
  storeId: a.storeId,
  advisorId: a.advisorId,
  siteId: a.siteId,
  customerId: a.customerId,
  skill: a.skill,
  slotStart: a.slotStart.toISOString(),
  slotEnd: a.slotEnd.toISOString(),
});

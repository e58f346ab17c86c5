import { conflict, notFound, unprocessable } from '../common/domain-error';

export const callbackNotFound = (id: string) => notFound('CALLBACK_NOT_FOUND', `No callback with id ${id}`);
export const callRequestNotFound = (id: string) => notFound('CALL_REQUEST_NOT_FOUND', `No call request with id ${id}`);
export const appointmentNotFound = (id: string) => notFound('APPOINTMENT_NOT_FOUND', `No appointment with id ${id}`);
export const storeRequestNotFound = (id: string) => notFound('STORE_REQUEST_NOT_FOUND', `No store request with id ${id}`);
export const storeNotFound = (id: string) => notFound('STORE_NOT_FOUND', `No store with id ${id}`);
export const teamNotFound = (key: string) => notFound('TEAM_NOT_FOUND', `No team "${key}"`);

export const slotInPast = (slotStart: string) => unprocessable('SLOT_IN_PAST', `The slot ${slotStart} has already started; pick a slot from the list`);
export const notASlot = (slotStart: string, slotMinutes: number) =>
  unprocessable('NOT_A_SLOT', `${slotStart} is not the start of a ${slotMinutes}-minute slot during opening hours; pick a slot from the list`);
export const closedAt = (code: 'TEAM_CLOSED' | 'STORE_CLOSED', slotStart: string) =>
  unprocessable(code, `${code === 'STORE_CLOSED' ? 'The store' : 'The team'} is closed at ${slotStart}; pick a slot from the list`);
export const slotTooFar = (slotStart: string, days: number) =>
  unprocessable('SLOT_TOO_FAR', `${slotStart} is more than ${days} days ahead; pick a slot from the list`, { maxDaysAhead: days });
export const slotFull = (slotStart: string) => conflict('SLOT_FULL', `The slot ${slotStart} is fully booked; pick another slot`);
export const slotTaken = (slotStart: string) => conflict('SLOT_TAKEN', `Every advisor is already booked at ${slotStart}; pick another slot`);

export const alreadyClosed = (what: string) => conflict('ALREADY_CLOSED', `This ${what} is closed already`);
export const alreadyTaken = (what: string) => conflict('ALREADY_TAKEN', `This ${what} was taken by another advisor`);

export const alreadyLinked = (what: string) => conflict('ALREADY_LINKED', `This ${what} is already linked to a profile`);
export const noMatchingProfile = (what: string) => unprocessable('NO_MATCHING_PROFILE', `The e-mail and phone of this ${what} match no profile`);
export const severalMatchingProfiles = () =>
  conflict('CONTACT_MATCHES_SEVERAL_PROFILES', 'The e-mail and the phone belong to two different profiles; merge them or link from the profile');

export const STORE_REQUEST_STATUSES = ['new', 'taken', 'contacted', 'done', 'cancelled'] as const;
export type StoreRequestStatus = (typeof STORE_REQUEST_STATUSES)[number];

/** Where each status may go next: forward one step, or cancelled while still open. */
const NEXT: Record<StoreRequestStatus, readonly StoreRequestStatus[]> = {
  new: ['taken', 'cancelled'],
  taken: ['contacted', 'cancelled'],
  contacted: ['done', 'cancelled'],
  done: [],
  cancelled: [],
};

export const allowedNext = (from: StoreRequestStatus): readonly StoreRequestStatus[] => NEXT[from];

export const canMove = (from: StoreRequestStatus, to: StoreRequestStatus): boolean => NEXT[from].includes(to);

export const isOpen = (status: StoreRequestStatus): boolean => NEXT[status].length > 0;

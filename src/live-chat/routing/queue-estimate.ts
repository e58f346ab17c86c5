/** Used until enough chats have been handled to measure it. */
export const DEFAULT_HANDLE_SECONDS = 300;

/**
 * Estimated wait for the visitor at `position` (1 = next): the chats ahead are served by the online advisors'
 * free and soon-free seats, each chat lasting the recent average. Zero when a seat is free for them now.
 */
export function estimateWaitSeconds(position: number, freeSeats: number, totalSeats: number, averageHandleSeconds: number): number {
  if (position <= freeSeats) return 0;
  if (totalSeats <= 0) return Number.POSITIVE_INFINITY;
  const rounds = Math.ceil((position - freeSeats) / totalSeats);
  return Math.round(rounds * averageHandleSeconds);
}

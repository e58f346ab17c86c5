/**
 * Every enabled advisor who is not offline, with their seats taken, as a JSON array of `AdvisorSeat`: an SQL
 * expression, so the event batch reads it in the statement that reads the visit (no extra round trip).
 * It only narrows the rows; whether an advisor is free is decided by `advisor-availability.ts`.
 */
export const ADVISOR_SEATS_SQL = `(SELECT coalesce(json_agg(json_build_object(
           'id', a.id, 'name', a.name, 'presence', a.presence, 'channels', a.channels, 'roles', a.roles, 'skills', a.skills, 'languages', a.languages,
           'capacity', a.max_concurrent_chats,
           'chats', (SELECT count(*)::int FROM conversation c WHERE c.advisor_id = a.id AND c.state = 'with_human'),
           'offers', (SELECT count(*)::int FROM conversation c WHERE c.offered_to_id = a.id),
           'presenceChangedAt', a.presence_changed_at) ORDER BY a.name, a.id), '[]'::json)
      FROM advisor a WHERE a.disabled_at IS NULL AND a.presence <> 'offline')`;

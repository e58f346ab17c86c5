import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A visit's context and targeting state are read and written on every event batch, so they shrink: pages
 * are counted by path (no scheme and host), the products viewed go (the raw events keep them), and a button
 * on screen keeps only its action id and whether it is its rule's fallback (its text is its rule's).
 */
export class CompactVisitState1764600000000 implements MigrationInterface {
  name = 'CompactVisitState1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      UPDATE visit v SET context = (v.context - 'productsViewed') || jsonb_build_object('pageCounts', coalesce(
        (SELECT jsonb_object_agg(page, views)
           FROM (SELECT lower(regexp_replace(p.key, '^[a-z][a-z0-9+.-]*://[^/]*', '')) AS page, sum(p.value::int) AS views
                   FROM jsonb_each(v.context -> 'pageCounts') p GROUP BY 1) pages), '{}'::jsonb))
       WHERE v.context ? 'productsViewed'`);
    await q.query(`
      UPDATE visit v SET targeting = jsonb_set(v.targeting, '{reactive}', coalesce(
        (SELECT jsonb_object_agg(r.key, CASE WHEN a.fallback THEN jsonb_build_object('id', r.value -> 'id', 'fallback', true)
                                             ELSE jsonb_build_object('id', r.value -> 'id') END)
           FROM jsonb_each(v.targeting -> 'reactive') r LEFT JOIN targeting_action a ON a.id = (r.value ->> 'id')::uuid), '{}'::jsonb))
       WHERE v.targeting -> 'reactive' <> '{}'::jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Buttons get their type and text back from the actions shown; pages keep their paths, products stay gone.
    await q.query(`UPDATE visit SET context = context || '{"productsViewed": []}'::jsonb`);
    await q.query(`
      UPDATE visit v SET targeting = jsonb_set(v.targeting, '{reactive}', coalesce(
        (SELECT jsonb_object_agg(r.key, jsonb_strip_nulls(jsonb_build_object('id', a.id, 'type', a.type, 'ruleId', a.rule_id, 'message', a.message, 'offer', a.offer)))
           FROM jsonb_each(v.targeting -> 'reactive') r JOIN targeting_action a ON a.id = (r.value ->> 'id')::uuid), '{}'::jsonb))
       WHERE v.targeting -> 'reactive' <> '{}'::jsonb`);
  }
}

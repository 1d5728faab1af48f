-- pgbench: the same database work as one registration, as raw SQL in one transaction: the
-- tenant scope, catalog and building lookups, the caller upsert, settings and calendar, routing,
-- the repeat lookup, then (as the application does, last) the gap-free counter, the appeal, its
-- event, the resident's receipt and the organization's notice.
-- Variables: -D service_type=<id> -D building=<id> -D org=<id> -D category=<id> -D year=<yyyy>
\set caller random(1, 9999999)
BEGIN;
SET LOCAL search_path TO t_astana;
SELECT id, category_id, appeal_type, responsible, default_org_id, deadline_value, deadline_unit FROM service_types WHERE id = :service_type;
SELECT id, managing_org_id, district, lat, lon, address FROM buildings WHERE id = :building;
INSERT INTO residents (phone, language, verified, created_at, updated_at) VALUES ('+7708' || lpad(:caller::text, 7, '0'), 'ru', false, now(), now())
  ON CONFLICT (phone) DO UPDATE SET updated_at = excluded.updated_at RETURNING id AS resident \gset
SELECT key, value FROM settings;
SELECT day, working FROM calendar_days;
SELECT id FROM organizations WHERE id = :org AND active;
SELECT id, number FROM appeals WHERE category_id = :category AND status IN ('registered', 'assigned', 'in_progress', 'reopened')
  AND building_id = :building ORDER BY id DESC LIMIT 10;
INSERT INTO appeal_counters (year, last) VALUES (:year, 1) ON CONFLICT (year) DO UPDATE SET last = appeal_counters.last + 1 RETURNING last AS seq \gset
INSERT INTO appeals (number, channel, appeal_type, service_type_id, category_id, description, building_id, address, lat, lon,
    resident_id, language, status, organization_id, registered_by, registered_at, due_at, warn_at, warned, overdue, first_call,
    linked_count, systemic, tracking_token, search_text, updated_at)
  VALUES ('RAW-' || :year || '-' || :seq, 'phone', 'incident', :service_type, :category, 'Нет холодной воды в квартире', :building,
    'ул. Кенесары, 40', 51.16, 71.43, :resident, 'ru', 'assigned', :org, 'user:3', now(), now() + interval '24 hours',
    now() + interval '18 hours', false, false, false, 0, false, md5(random()::text), 'raw нет холодной воды', now())
  RETURNING id AS appeal \gset
INSERT INTO appeal_events (appeal_id, at, actor, kind, to_status, data) VALUES (:appeal, now(), 'user:3', 'registered', 'assigned', '{}');
INSERT INTO notification_outbox (created_at, kind, recipient_kind, recipient_id, appeal_id, language, payload, status, attempts, next_attempt_at)
  VALUES (now(), 'appeal.registered', 'resident', :resident::text, :appeal, 'ru', '{}', 'pending', 0, now()),
    (now(), 'appeal.assigned', 'organization', :org::text, :appeal, 'ru', '{}', 'pending', 0, now());
COMMIT;

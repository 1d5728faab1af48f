//! `qala seed`: realistic appeals in bulk, for demonstrations and load tests. A year of history
//! with the status mix of a working center (most closed, some waiting for a callback, some open
//! and some overdue), spread over the city's buildings, service types and channels, with a
//! registration event each, and numbers reserved from the real counters.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use chrono::{DateTime, Datelike, Duration, Utc};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryTrait, Set};

use super::deadline::{due_at, warn_at};
use super::model::{appeal, event};
use super::rollup;
use super::rules::{AppealStatus, Channel};
use super::seed_mix::{pick_building, Mix, Offered, Punctuality};
use super::settings::{load_calendar, AppealSettings};
use crate::buildings::model::building;
use crate::catalog::model::{category, service_type, sphere};
use crate::catalog::DeadlineUnit;
use crate::infra::Db;
use crate::orgs::model::organization;
use crate::residents::model::resident;
use crate::tenancy::Tenant;

const BATCH: usize = 1000;

/// Appeals per insert: a statement binds every column of every row, and SQLite takes at most
/// 32,766 values in one statement (PostgreSQL 65,535).
fn appeal_batch(db: &Db) -> usize {
    if db.is_postgres() {
        BATCH
    } else {
        500
    }
}

const CHANNELS: &[(Channel, u32)] = &[
    (Channel::Phone, 70),
    (Channel::Telegram, 9),
    (Channel::Mobile, 8),
    (Channel::Web, 6),
    (Channel::Instagram, 2),
    (Channel::Facebook, 1),
    (Channel::Whatsapp, 1),
    (Channel::Email, 1),
    (Channel::Camera, 1),
    (Channel::WalkIn, 1),
];

fn pick_channel(rng: &mut StdRng) -> Channel {
    let mut roll = rng.gen_range(0..100);
    for (channel, weight) in CHANNELS {
        if roll < *weight {
            return *channel;
        }
        roll -= weight;
    }
    Channel::Phone
}

fn pick_status(rng: &mut StdRng, age_days: i64) -> AppealStatus {
    let roll = rng.gen_range(0..100);
    if age_days > 30 {
        match roll {
            0..=87 => AppealStatus::Closed,
            88..=91 => AppealStatus::Rejected,
            92..=94 => AppealStatus::Merged,
            95..=97 => AppealStatus::Resolved,
            _ => AppealStatus::InProgress,
        }
    } else {
        match roll {
            0..=49 => AppealStatus::Closed,
            50..=59 => AppealStatus::Resolved,
            60..=74 => AppealStatus::InProgress,
            75..=94 => AppealStatus::Assigned,
            _ => AppealStatus::Registered,
        }
    }
}

const PROBLEMS: &[&str] = &[
    "Жители просят разобраться как можно скорее.",
    "Проблема повторяется уже несколько дней.",
    "Тұрғындар тез арада шешуді сұрайды.",
    "Обращались ранее, вопрос не решён.",
    "Просьба сообщить сроки устранения.",
];

/// Creates `count` appeals over the last `years` years in the tenant; returns how many were
/// written.
pub async fn seed(db: &Db, tenant: &Tenant, count: u64, seed: u64, years: u32) -> anyhow::Result<u64> {
    let conn = db.tenant_tx(&tenant.slug).await?;
    let types: Vec<service_type::Model> = crate::catalog::service::offered().all(&conn).await?;
    let categories: HashMap<i64, category::Model> =
        category::Entity::find().all(&conn).await?.into_iter().map(|c| (c.id, c)).collect();
    let spheres: HashMap<i64, String> =
        sphere::Entity::find().all(&conn).await?.into_iter().map(|s| (s.id, s.code)).collect();
    let mut buildings: Vec<building::Model> =
        building::Entity::find().filter(building::Column::Active.eq(true)).all(&conn).await?;
    let orgs: Vec<organization::Model> =
        organization::Entity::find().filter(organization::Column::Active.eq(true)).all(&conn).await?;
    let settings = AppealSettings::load(&conn).await?;
    let calendar = load_calendar(&conn).await?;
    conn.commit().await?;
    anyhow::ensure!(
        !types.is_empty() && !orgs.is_empty(),
        "tenant {} has no catalog or organizations to seed from",
        tenant.slug
    );
    let mut by_kind: HashMap<String, Vec<i64>> = HashMap::new();
    for o in &orgs {
        by_kind.entry(o.kind.clone()).or_default().push(o.id);
    }

    let mut rng = StdRng::seed_from_u64(seed);
    // Which houses draw the repeats is the seed's choice, not the manifest's order.
    buildings.shuffle(&mut rng);
    let sphere_of = |st: &service_type::Model| {
        categories
            .get(&st.category_id)
            .map(|c| (spheres.get(&c.sphere_id).cloned().unwrap_or_default(), c.code.clone()))
    };
    let offered: Vec<Offered> = types
        .iter()
        .enumerate()
        .map(|(index, st)| {
            let (sphere_code, category_code) = sphere_of(st).unwrap_or_default();
            let in_sphere = types.iter().filter(|t| sphere_of(t).map(|s| s.0) == Some(sphere_code.clone())).count();
            Offered { index, sphere_code, category_code, in_sphere }
        })
        .collect();
    let mix = Mix::new(&offered);
    let punctuality: HashMap<i64, Punctuality> = orgs.iter().map(|o| (o.id, Punctuality::draw(&mut rng))).collect();
    let now = Utc::now();
    let span = i64::from(years.clamp(1, 20)) * 365 * 24 * 3600;
    let mut times: Vec<DateTime<Utc>> = (0..count).map(|_| now - Duration::seconds(rng.gen_range(60..span))).collect();
    times.sort_unstable();
    let residents = seed_residents(db, tenant, (count / 4).clamp(1, 200_000), &mut rng).await?;
    let numbers = reserve_numbers(db, tenant, &times).await?;

    // A thread draws while two tasks write: PostgreSQL stores a batch on one core while the
    // next is drawn. Drawing is CPU work, so it has a thread of its own and never holds up the
    // writers' I/O. Rows of finished days are counted once.
    let batch_size = appeal_batch(db);
    let (batches, received) = tokio::sync::mpsc::channel::<Batch>(2);
    let received = Arc::new(tokio::sync::Mutex::new(received));
    let writers: Vec<_> =
        (0..2).map(|_| tokio::spawn(drain(db.clone(), tenant.clone(), Arc::clone(&received)))).collect();
    drop(received);
    let tz = tenant.time_zone;
    let generate = tokio::task::spawn_blocking(move || {
        let mut pending: BTreeMap<rollup::Key, rollup::Counts> = BTreeMap::new();
        let chunks = times.chunks(batch_size).zip(numbers.chunks(batch_size));
        let last_chunk = times.len().div_ceil(batch_size).saturating_sub(1);
        for (i, (chunk_times, chunk_numbers)) in chunks.enumerate() {
            let mut batch = Batch::default();
            let appeals = &mut batch.appeals;
            for (at, number) in chunk_times.iter().zip(chunk_numbers) {
                let st = &types[mix.pick(&mut rng, *at, tz)];
                let place = (!buildings.is_empty() && rng.gen_bool(0.8))
                    .then(|| &buildings[pick_building(&mut rng, buildings.len())]);
                let org = st
                    .default_org_id
                    .or_else(|| place.and_then(|b| b.managing_org_id).filter(|_| st.responsible == "housing"))
                    .or_else(|| by_kind.get(st.responsible.as_str()).map(|ids| ids[rng.gen_range(0..ids.len())]));
                let unit = DeadlineUnit::parse(&st.deadline_unit).unwrap_or(DeadlineUnit::WorkingDays);
                let due = due_at(*at, st.deadline_value, unit, &calendar, tz);
                let age = (now - *at).num_days();
                let mut status = pick_status(&mut rng, age);
                // An information request is answered while the resident is on the line.
                let first_call = st.appeal_type == "information_request" && rng.gen_bool(0.9);
                if first_call {
                    status = AppealStatus::Closed;
                }
                if org.is_none() && status != AppealStatus::Closed {
                    status = AppealStatus::Registered;
                }
                let keeps = org
                    .and_then(|o| punctuality.get(&o))
                    .copied()
                    .unwrap_or(Punctuality { late: 0.05, reopened: 0.02 });
                let finished = if first_call {
                    *at
                } else if rng.gen_bool(keeps.late) {
                    due + Duration::minutes(rng.gen_range(60..5 * 24 * 60))
                } else {
                    *at + Duration::seconds(((due - *at).num_seconds() as f64 * rng.gen_range(0.1..0.95)) as i64)
                };
                if matches!(status, AppealStatus::Closed | AppealStatus::Resolved) && finished > now {
                    status = AppealStatus::InProgress;
                }
                let closed = matches!(status, AppealStatus::Closed | AppealStatus::Resolved);
                let reopened = closed && !first_call && rng.gen_bool(keeps.reopened);
                let description = format!("{}. {}", st.name_ru, PROBLEMS[rng.gen_range(0..PROBLEMS.len())]);
                let address = place.map(|b| b.address.clone());
                let open = status.is_open();
                // Drawn in the order the appeal's fields were always drawn, so a seed gives the
                // same city it gave before.
                let channel = pick_channel(&mut rng).as_str();
                let resident = residents[rng.gen_range(0..residents.len())];
                let language = if rng.gen_bool(0.55) { "ru" } else { "kk" };
                let tracking_token = format!("{:032x}", rng.gen::<u128>());
                let rating = (status == AppealStatus::Closed && rng.gen_bool(0.4)).then(|| rng.gen_range(1..=5));
                let district = place.and_then(|b| b.district.clone());
                let resolved_at = closed.then_some(finished);
                let (key, counts) = rollup::contribution(
                    &rollup::Facts {
                        id: 0,
                        registered_at: *at,
                        service_type_id: st.id,
                        organization_id: org,
                        district: district.clone(),
                        channel: channel.into(),
                        appeal_type: st.appeal_type.clone(),
                        status: status.as_str().into(),
                        first_call,
                        overdue: open && due < now,
                        due_at: due,
                        resolved_at,
                        rating,
                        reopen_count: i32::from(reopened),
                    },
                    tz,
                );
                pending.entry(key).or_default().add(&counts, 1);
                batch.timeline.push((number.clone(), *at, reopened.then(|| *at + (finished - *at) / 2)));
                appeals.push(appeal::ActiveModel {
                    search_text: Set(
                        format!("{number} {description} {}", address.clone().unwrap_or_default()).to_lowercase()
                    ),
                    number: Set(number.clone()),
                    channel: Set(channel.into()),
                    appeal_type: Set(st.appeal_type.clone()),
                    service_type_id: Set(st.id),
                    category_id: Set(st.category_id),
                    description: Set(description),
                    building_id: Set(place.map(|b| b.id)),
                    address: Set(address),
                    lat: Set(place.map(|b| b.lat)),
                    lon: Set(place.map(|b| b.lon)),
                    district: Set(district),
                    resident_id: Set(Some(resident)),
                    language: Set(language.into()),
                    status: Set(status.as_str().into()),
                    organization_id: Set(org),
                    assignee_id: Set(None),
                    registered_by: Set("seed".into()),
                    registered_at: Set(*at),
                    due_at: Set(due),
                    warn_at: Set(warn_at(*at, due, settings.warn_share)),
                    warned: Set(open && warn_at(*at, due, settings.warn_share) < now),
                    overdue: Set(open && due < now),
                    first_call: Set(first_call),
                    reopen_count: Set(i32::from(reopened)),
                    parent_id: Set(None),
                    linked_count: Set(0),
                    systemic: Set(false),
                    outage_id: Set(None),
                    idempotency_key: Set(None),
                    tracking_token: Set(tracking_token),
                    resolution: Set(closed.then(|| "Работы выполнены.".to_owned())),
                    reason: Set(None),
                    forwarded_to: Set(None),
                    rating: Set(rating),
                    rating_comment: Set(None),
                    rated_at: Set(None),
                    resolved_at: Set(resolved_at),
                    closed_at: Set((status == AppealStatus::Closed).then_some(finished + Duration::hours(2))),
                    updated_at: Set(if closed { finished } else { *at }),
                    ..Default::default()
                });
            }
            // Every day before this batch's last is complete (the times are sorted).
            let open_day = chunk_times.last().map(|t| t.with_timezone(&tz).date_naive());
            batch.rollups = match open_day {
                Some(day) if i < last_chunk => {
                    let rest = pending.split_off(&rollup::Key::first_of(day));
                    std::mem::replace(&mut pending, rest)
                }
                _ => std::mem::take(&mut pending),
            };
            // Fails only when both writers have stopped; their error is reported below.
            if batches.blocking_send(batch).is_err() {
                break;
            }
        }
    });
    let drawn = generate.await;
    let mut written = 0;
    for writer in writers {
        written += writer.await??;
    }
    drawn?;
    Ok(written)
}

/// Writes batches until the generator is done; returns the appeals written.
async fn drain(
    db: Db,
    tenant: Tenant,
    batches: Arc<tokio::sync::Mutex<tokio::sync::mpsc::Receiver<Batch>>>,
) -> anyhow::Result<u64> {
    let mut written = 0u64;
    loop {
        let next = batches.lock().await.recv().await;
        let Some(batch) = next else { return Ok(written) };
        written += write_batch(&db, &tenant, batch).await?;
    }
}

/// Each appeal's number, registration time, and when it was reopened (if it was).
type Registered = (String, DateTime<Utc>, Option<DateTime<Utc>>);

/// Appeals to write, with what their timelines and the rollups need.
#[derive(Default)]
struct Batch {
    appeals: Vec<appeal::ActiveModel>,
    timeline: Vec<Registered>,
    /// The counts of the days this batch completes.
    rollups: BTreeMap<rollup::Key, rollup::Counts>,
}

/// Writes a batch in one transaction: with COPY on PostgreSQL (ids taken from the sequence
/// first), with multi-row inserts on SQLite (ids coming back from the insert).
async fn write_batch(db: &Db, tenant: &Tenant, mut batch: Batch) -> anyhow::Result<u64> {
    let written = batch.appeals.len() as u64;
    if db.is_postgres() {
        let mut bulk = db.tenant_bulk(&tenant.slug).await?;
        let ids = bulk.next_ids("appeals", batch.appeals.len()).await?;
        for (appeal, id) in batch.appeals.iter_mut().zip(&ids) {
            appeal.id = Set(*id);
        }
        bulk.copy_in(&batch.appeals).await?;
        bulk.copy_in(&timeline(&batch.timeline, &ids)).await?;
        for statement in rollup::upserts(&batch.rollups)? {
            bulk.execute(&statement).await?;
        }
        bulk.commit().await?;
        return Ok(written);
    }
    let tx = db.tenant_tx(&tenant.slug).await?;
    let mut insert = appeal::Entity::insert_many(batch.appeals).into_query();
    insert.returning(Query::returning().columns([appeal::Column::Id, appeal::Column::Number]));
    let ids: HashMap<String, i64> = tx
        .query_all(&insert)
        .await?
        .iter()
        .map(|row| Ok((row.try_get_by_index::<String>(1)?, row.try_get_by_index::<i64>(0)?)))
        .collect::<Result<_, sea_orm::DbErr>>()?;
    let mut in_order = Vec::with_capacity(batch.timeline.len());
    for (number, ..) in &batch.timeline {
        let Some(id) = ids.get(number).copied() else { anyhow::bail!("appeal {number} was not written") };
        in_order.push(id);
    }
    event::Entity::insert_many(timeline(&batch.timeline, &in_order)).exec(&tx).await?;
    rollup::add(&tx, &batch.rollups).await?;
    tx.commit().await?;
    Ok(written)
}

/// The timeline events of a batch's appeals, `ids` in the batch's order.
fn timeline(appeals: &[Registered], ids: &[i64]) -> Vec<event::ActiveModel> {
    let mut events = Vec::with_capacity(appeals.len() + appeals.len() / 20);
    for ((_, at, reopened), id) in appeals.iter().zip(ids) {
        events.push(event::ActiveModel {
            appeal_id: Set(*id),
            at: Set(*at),
            actor: Set("seed".into()),
            kind: Set("registered".into()),
            from_status: Set(None),
            to_status: Set(Some("registered".into())),
            comment: Set(None),
            data: Set("{}".into()),
            ..Default::default()
        });
        // A reopened appeal's timeline says so: resolved once before its last resolution.
        if let Some(reopened) = reopened {
            events.push(event::ActiveModel {
                appeal_id: Set(*id),
                at: Set(*reopened),
                actor: Set("seed".into()),
                kind: Set("reopen".into()),
                from_status: Set(Some("resolved".into())),
                to_status: Set(Some("reopened".into())),
                comment: Set(Some("Проблема повторилась.".into())),
                data: Set("{}".into()),
                ..Default::default()
            });
        }
    }
    events
}

async fn seed_residents(db: &Db, tenant: &Tenant, count: u64, rng: &mut StdRng) -> anyhow::Result<Vec<i64>> {
    let now = Utc::now();
    for chunk in (0..count).collect::<Vec<_>>().chunks(BATCH) {
        let rows = chunk.iter().map(|_| resident::ActiveModel {
            phone: Set(format!("+770{}{:07}", rng.gen_range(0..10), rng.gen_range(0..10_000_000))),
            name: Set(None),
            iin: Set(None),
            language: Set(if rng.gen_bool(0.55) { "ru" } else { "kk" }.into()),
            verified: Set(false),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        });
        let tx = db.tenant_tx(&tenant.slug).await?;
        resident::Entity::insert_many(rows)
            .on_conflict(sea_orm::sea_query::OnConflict::column(resident::Column::Phone).do_nothing().to_owned())
            .exec_without_returning(&tx)
            .await?;
        tx.commit().await?;
    }
    let tx = db.tenant_tx(&tenant.slug).await?;
    let ids: Vec<i64> = resident::Entity::find().all(&tx).await?.into_iter().map(|r| r.id).collect();
    Ok(ids)
}

/// Takes a block of numbers per year from the live counters, so seeding never collides with
/// registrations happening at the same time.
async fn reserve_numbers(db: &Db, tenant: &Tenant, times: &[DateTime<Utc>]) -> anyhow::Result<Vec<String>> {
    let mut per_year: Vec<(i32, i64)> = Vec::new();
    for at in times {
        let year = at.with_timezone(&tenant.time_zone).year();
        match per_year.last_mut() {
            Some((y, n)) if *y == year => *n += 1,
            _ => per_year.push((year, 1)),
        }
    }
    let tx = db.tenant_tx(&tenant.slug).await?;
    let mut numbers = Vec::with_capacity(times.len());
    for (year, n) in per_year {
        numbers.extend(super::numbering::reserve(&tx, &tenant.appeal_prefix, year, n).await?);
    }
    tx.commit().await?;
    Ok(numbers)
}

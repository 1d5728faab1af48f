use async_graphql::{Context, InputObject, Object, SimpleObject, ID};

use super::model::permit;
use super::permits::{self, PermitInput, PermitStatus};
use super::queue::{self, EntryInput, WorksStatus};
use crate::context::RequestCtx;
use crate::graphql::errors::GqlResult;
use crate::graphql::request::{parse_id, request};
use crate::i18n::{Language, LocalizedText};

pub struct Permit {
    pub model: permit::Model,
    pub status: PermitStatus,
    pub holder: Option<LocalizedText>,
}

#[Object]
impl Permit {
    async fn id(&self) -> ID {
        ID(self.model.id.to_string())
    }
    async fn number(&self) -> &str {
        &self.model.number
    }
    async fn holder_org_id(&self) -> ID {
        ID(self.model.holder_org_id.to_string())
    }
    /// The holder's name (the permit registry and the public map show it).
    async fn holder(&self) -> Option<&LocalizedText> {
        self.holder.as_ref()
    }
    async fn work_type(&self) -> &str {
        &self.model.work_type
    }
    async fn address(&self) -> &str {
        &self.model.address
    }
    /// GeoJSON geometry (Point or LineString) as JSON text.
    async fn geometry(&self) -> &str {
        &self.model.geometry
    }
    async fn issued_on(&self) -> chrono::NaiveDate {
        self.model.issued_on
    }
    async fn work_from(&self) -> chrono::NaiveDate {
        self.model.work_from
    }
    async fn work_to(&self) -> chrono::NaiveDate {
        self.model.work_to
    }
    async fn restore_by(&self) -> chrono::NaiveDate {
        self.model.restore_by
    }
    async fn closed_on(&self) -> Option<chrono::NaiveDate> {
        self.model.closed_on
    }
    async fn status(&self) -> PermitStatus {
        self.status
    }
    /// How many times holder and police were notified of the missed deadline.
    async fn notify_count(&self) -> i32 {
        self.model.notify_count
    }
}

#[derive(InputObject)]
pub struct PermitCreate {
    pub number: String,
    pub holder_org_id: ID,
    pub work_type: String,
    pub address: String,
    /// GeoJSON geometry: `{"type":"Point","coordinates":[lon,lat]}` or a LineString.
    pub geometry: String,
    pub issued_on: chrono::NaiveDate,
    pub work_from: chrono::NaiveDate,
    pub work_to: chrono::NaiveDate,
    pub restore_by: chrono::NaiveDate,
}

/// A place in a public works queue.
#[derive(SimpleObject)]
pub struct WorksEntry {
    pub id: ID,
    pub position: i32,
    pub program: String,
    /// The building the entry is for, when it is one of the city's buildings.
    pub building_id: Option<ID>,
    pub address: String,
    /// The building's point, for the map (none for an entry given only by address).
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub apartments: i32,
    /// Appeals from the building, the queue's second priority.
    pub appeals: i32,
    pub area_m2: f64,
    pub contractor: Option<String>,
    pub cost_tenge: Option<i64>,
    pub planned_start: Option<chrono::NaiveDate>,
    pub planned_end: Option<chrono::NaiveDate>,
    pub status: Option<WorksStatus>,
    /// The status in the requested language.
    pub status_label: String,
}

fn status_label(status: &str, lang: Language) -> String {
    let (kk, ru, en) = match status {
        "planned" => ("Жоспарланған", "Запланировано", "Planned"),
        "in_progress" => ("Орындалуда", "Выполняется", "In progress"),
        "done" => ("Орындалды", "Выполнено", "Done"),
        _ => ("Тоқтатылды", "Отменено", "Cancelled"),
    };
    match lang {
        Language::Kk => kk,
        Language::Ru => ru,
        Language::En => en,
    }
    .to_owned()
}

fn to_entry(r: queue::Ranked, lang: Language) -> WorksEntry {
    let (e, point) = (r.entry, r.point);
    WorksEntry {
        id: ID(e.id.to_string()),
        position: r.position as i32,
        building_id: e.building_id.map(|b| ID(b.to_string())),
        lat: point.map(|p| p.0),
        lon: point.map(|p| p.1),
        status_label: status_label(&e.status, lang),
        status: WorksStatus::parse(&e.status).ok(),
        program: e.program,
        address: e.address,
        apartments: e.apartments,
        appeals: r.appeals as i32,
        area_m2: e.area_m2,
        contractor: e.contractor,
        cost_tenge: e.cost_tenge,
        planned_start: e.planned_start,
        planned_end: e.planned_end,
    }
}

#[derive(InputObject)]
pub struct WorksEntryInput {
    pub program: String,
    pub building_id: Option<ID>,
    pub address: Option<String>,
    pub apartments: Option<i32>,
    pub area_m2: f64,
    pub contractor: Option<String>,
    pub cost_tenge: Option<i64>,
    pub planned_start: Option<chrono::NaiveDate>,
    pub planned_end: Option<chrono::NaiveDate>,
    #[graphql(default_with = "WorksStatus::Planned")]
    pub status: WorksStatus,
}

#[derive(Default)]
pub struct WorksQuery;

#[Object]
impl WorksQuery {
    /// Active and overdue excavation permits for the public map (no login).
    #[graphql(complexity = "crate::graphql::request::REPORT_COMPLEXITY + child_complexity")]
    async fn public_permits(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Permit>> {
        permits_of(ctx, true).await
    }

    /// The whole permit registry, closed ones included (staff).
    async fn permits(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Permit>> {
        permits_of(ctx, false).await
    }

    /// A public works queue in priority order: apartments, then appeals, then area (no login).
    #[graphql(complexity = "crate::graphql::request::REPORT_COMPLEXITY + child_complexity")]
    async fn works_queue(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = "yard_asphalt")] program: String,
        lang: Option<Language>,
    ) -> async_graphql::Result<Vec<WorksEntry>> {
        let rctx = request(ctx)?;
        let lang = lang.unwrap_or(rctx.language());
        let ranked = queue::queue(rctx, &program).await.gql()?;
        Ok(ranked.into_iter().map(|r| to_entry(r, lang)).collect())
    }
}

async fn permits_of(ctx: &Context<'_>, open_only: bool) -> async_graphql::Result<Vec<Permit>> {
    let rctx = request(ctx)?;
    let today = permits::today(rctx.tenant().gql()?);
    let rows = permits::list(rctx, open_only).await.gql()?;
    with_holders(rctx, rows, today).await
}

async fn one_with_holder(rctx: &RequestCtx, model: permit::Model) -> async_graphql::Result<Permit> {
    let today = permits::today(rctx.tenant().gql()?);
    let mut one = with_holders(rctx, vec![model], today).await?;
    one.pop().ok_or_else(|| async_graphql::Error::new("no permit"))
}

/// Permits with their status on `today` and their holders' names.
async fn with_holders(
    rctx: &RequestCtx,
    rows: Vec<permit::Model>,
    today: chrono::NaiveDate,
) -> async_graphql::Result<Vec<Permit>> {
    let holders = permits::holder_names(rctx, &rows).await.gql()?;
    Ok(rows
        .into_iter()
        .map(|model| Permit {
            status: permits::status(&model, today),
            holder: holders.get(&model.holder_org_id).cloned(),
            model,
        })
        .collect())
}

#[derive(Default)]
pub struct WorksMutation;

#[Object]
impl WorksMutation {
    async fn create_permit(&self, ctx: &Context<'_>, input: PermitCreate) -> async_graphql::Result<Permit> {
        let rctx = request(ctx)?;
        let fields = PermitInput {
            number: input.number,
            holder_org_id: parse_id(&input.holder_org_id).gql()?,
            work_type: input.work_type,
            address: input.address,
            geometry: input.geometry,
            issued_on: input.issued_on,
            work_from: input.work_from,
            work_to: input.work_to,
            restore_by: input.restore_by,
        };
        let model = permits::create(rctx, fields).await.gql()?;
        one_with_holder(rctx, model).await
    }

    /// Closes a permit once the surface is restored: the reminders stop.
    async fn close_permit(
        &self,
        ctx: &Context<'_>,
        id: ID,
        closed_on: chrono::NaiveDate,
    ) -> async_graphql::Result<Permit> {
        let rctx = request(ctx)?;
        let model = permits::close(rctx, parse_id(&id).gql()?, closed_on).await.gql()?;
        one_with_holder(rctx, model).await
    }

    /// Creates a works queue entry, or updates it when `id` is given (city admins).
    async fn save_works_entry(
        &self,
        ctx: &Context<'_>,
        id: Option<ID>,
        input: WorksEntryInput,
    ) -> async_graphql::Result<ID> {
        let fields = EntryInput {
            program: input.program,
            building_id: input.building_id.as_ref().map(parse_id).transpose().gql()?,
            address: input.address,
            apartments: input.apartments,
            area_m2: input.area_m2,
            contractor: input.contractor,
            cost_tenge: input.cost_tenge,
            planned_start: input.planned_start,
            planned_end: input.planned_end,
            status: input.status,
        };
        let id = id.as_ref().map(parse_id).transpose().gql()?;
        queue::save(request(ctx)?, id, fields).await.map(|e| ID(e.id.to_string())).gql()
    }
}

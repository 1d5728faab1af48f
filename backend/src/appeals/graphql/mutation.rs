use async_graphql::{Context, InputObject, Object, SimpleObject, Upload, ID};

use super::types::{Appeal, Attachment, Outage};
use crate::appeals::lifecycle::{self, TransitionInput};
use crate::appeals::outages::{self, OutageInput, OutageKind};
use crate::appeals::register::{register, RegisterInput, Registration};
use crate::appeals::rules::{Channel, Transition};
use crate::appeals::{attachments, portal, settings};
use crate::catalog::AppealType;
use crate::error::AppError;
use crate::graphql::errors::GqlResult;
use crate::graphql::request::{parse_id, request};
use crate::i18n::{Language, LocalizedText};
use crate::residents::service::{ResidentInput as ResidentFields, Source};

#[derive(InputObject)]
pub struct ResidentInput {
    /// Any common form; stored as +7XXXXXXXXXX.
    pub phone: String,
    pub name: Option<String>,
    /// Individual identification number, checked with its check digit.
    pub iin: Option<String>,
    pub language: Option<Language>,
}

#[derive(InputObject)]
pub struct RegisterAppealInput {
    pub channel: Channel,
    pub service_type_id: ID,
    /// Defaults to the service type's classification.
    pub appeal_type: Option<AppealType>,
    pub description: String,
    pub building_id: Option<ID>,
    pub address: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// The entrance (подъезд) the caller names, where the building's entrances are served by
    /// different organizations.
    pub entrance: Option<i32>,
    pub resident: Option<ResidentInput>,
    /// Replies go out in this language; defaults to the resident's.
    pub language: Option<Language>,
    /// Send the same key when retrying: the same appeal comes back, never a second one.
    pub idempotency_key: Option<String>,
    /// Link to the open incident this repeats.
    pub parent_id: Option<ID>,
}

/// What the resident is told when an appeal is accepted.
#[derive(SimpleObject)]
pub struct RegistrationReceipt {
    pub appeal: Appeal,
    /// True when the idempotency key had already registered this appeal.
    pub replayed: bool,
    /// Who accepted the appeal.
    pub accepted_by: String,
    /// The receipt as read out or sent to the resident, in the appeal's language.
    pub receipt: String,
    /// Lets the resident rate the handling without an account.
    pub tracking_token: String,
    /// The answer read out when the appeal was resolved on the first call.
    pub first_call_answer: Option<String>,
    /// The announcement of a planned outage at the building, to read out.
    pub outage_message: Option<String>,
    /// Open appeals of the same category at the same building or nearby: offer to link.
    pub repeat_candidates: Vec<Appeal>,
}

impl RegistrationReceipt {
    fn new(done: Registration, tz: chrono_tz::Tz) -> async_graphql::Result<Self> {
        Ok(Self {
            receipt: receipt_text(&done, tz),
            tracking_token: done.appeal.tracking_token.clone(),
            replayed: done.replayed,
            accepted_by: done.accepted_by,
            first_call_answer: done.first_call_answer,
            outage_message: done.outage_message,
            repeat_candidates: done.repeat_candidates.into_iter().map(Appeal).collect(),
            appeal: Appeal(done.appeal),
        })
    }
}

/// What a resident files on the portal; the phone is the verified one of the token.
#[derive(InputObject)]
pub struct SubmitAppealInput {
    pub service_type_id: ID,
    pub description: String,
    pub building_id: Option<ID>,
    pub address: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub language: Option<Language>,
    pub idempotency_key: Option<String>,
}

/// The receipt read out to the caller: the number and who accepted it, then what was chosen, so
/// a wrong pick is heard while the caller is on the line: the service, who will do it and by
/// when, and the address.
fn receipt_text(r: &Registration, tz: chrono_tz::Tz) -> String {
    let at = r.appeal.registered_at.with_timezone(&tz).format("%d.%m.%Y %H:%M");
    let due = r.appeal.due_at.with_timezone(&tz).format("%d.%m.%Y %H:%M");
    let (n, who) = (&r.appeal.number, &r.accepted_by);
    let language = Language::parse(&r.appeal.language).unwrap_or_default();
    let service = r.service_name.get(language);
    let org = r.organization_name.as_ref().map(|o| o.get(language).to_owned());
    let address = match language {
        Language::Kk => r.address_kk.clone().or_else(|| r.appeal.address.clone()),
        _ => r.appeal.address.clone(),
    };
    let mut text = match language {
        Language::Kk => format!("№ {n} өтініш {at} қабылданды. Қабылдаған: {who}. Мәселе: {service}."),
        Language::Ru => format!("Обращение № {n} принято {at}. Принял(а): {who}. Вопрос: {service}."),
        Language::En => format!("Appeal No. {n} accepted on {at} by {who}. Problem: {service}."),
    };
    if r.appeal.first_call {
        return text;
    }
    text.push_str(&match (language, org) {
        (Language::Kk, Some(org)) => format!(" Орындаушы: {org}, мерзімі {due}."),
        (Language::Ru, Some(org)) => format!(" Исполнитель: {org}, срок до {due}."),
        (Language::En, Some(org)) => format!(" Handled by {org}, due by {due}."),
        (Language::Kk, None) => format!(" Орындаушыны оператор белгілейді, мерзімі {due}."),
        (Language::Ru, None) => format!(" Исполнителя назначит оператор, срок до {due}."),
        (Language::En, None) => format!(" The center assigns who handles it, due by {due}."),
    });
    if let Some(address) = address {
        text.push_str(&match language {
            Language::Kk => format!(" Мекенжай: {address}."),
            Language::Ru => format!(" Адрес: {address}."),
            Language::En => format!(" Address: {address}."),
        });
    }
    text
}

#[derive(InputObject)]
pub struct OutageAnnouncement {
    pub kind: OutageKind,
    pub category_id: Option<ID>,
    pub building_ids: Vec<ID>,
    pub starts_at: chrono::DateTime<chrono::Utc>,
    pub ends_at: chrono::DateTime<chrono::Utc>,
    /// What operators read out, in three languages.
    pub message: LocalizedText,
}

#[derive(Default)]
pub struct AppealsMutation;

async fn change(ctx: &Context<'_>, id: &ID, t: Transition, input: TransitionInput) -> async_graphql::Result<Appeal> {
    lifecycle::transition(request(ctx)?, parse_id(id).gql()?, t, input).await.map(Appeal).gql()
}

#[Object]
impl AppealsMutation {
    /// Registers an appeal (operators, supervisors). Information requests with a catalog answer
    /// are closed at once as resolved on the first call.
    async fn register_appeal(
        &self,
        ctx: &Context<'_>,
        input: RegisterAppealInput,
    ) -> async_graphql::Result<RegistrationReceipt> {
        let rctx = request(ctx)?;
        let opt = |v: &Option<ID>| v.as_ref().map(parse_id).transpose().gql();
        let fields = RegisterInput {
            channel: input.channel,
            appeal_type: input.appeal_type,
            service_type_id: parse_id(&input.service_type_id).gql()?,
            description: input.description,
            building_id: opt(&input.building_id)?,
            address: input.address,
            lat: input.lat,
            lon: input.lon,
            entrance: input.entrance,
            resident: input.resident.map(|r| ResidentFields {
                phone: r.phone,
                name: r.name,
                iin: r.iin,
                language: r.language,
                source: Source::Staff,
            }),
            language: input.language,
            idempotency_key: input.idempotency_key,
            parent_id: opt(&input.parent_id)?,
            attributes: None,
            reply_to: None,
        };
        let done = register(rctx, fields).await.gql()?;
        RegistrationReceipt::new(done, rctx.tenant().gql()?.time_zone)
    }

    /// A verified resident files an appeal on the portal (resident token from `verifyPhone`);
    /// photos follow with `uploadAttachment`.
    async fn submit_appeal(
        &self,
        ctx: &Context<'_>,
        input: SubmitAppealInput,
    ) -> async_graphql::Result<RegistrationReceipt> {
        let rctx = request(ctx)?;
        let fields = portal::PortalAppeal {
            service_type_id: parse_id(&input.service_type_id).gql()?,
            description: input.description,
            building_id: input.building_id.as_ref().map(parse_id).transpose().gql()?,
            address: input.address,
            lat: input.lat,
            lon: input.lon,
            language: input.language,
            idempotency_key: input.idempotency_key,
        };
        let done = portal::submit(rctx, fields).await.gql()?;
        RegistrationReceipt::new(done, rctx.tenant().gql()?.time_zone)
    }

    /// Routes (or reroutes, with a reason) to an organization.
    async fn assign_appeal(
        &self,
        ctx: &Context<'_>,
        id: ID,
        organization_id: ID,
        comment: Option<String>,
    ) -> async_graphql::Result<Appeal> {
        let organization_id = Some(parse_id(&organization_id).gql()?);
        change(ctx, &id, Transition::Assign, TransitionInput { organization_id, comment, ..Default::default() }).await
    }

    /// The executor takes the appeal into work.
    async fn take_appeal(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Appeal> {
        change(ctx, &id, Transition::Take, TransitionInput::default()).await
    }

    /// Resolves with a comment on what was done (and a photo first, where the service type asks).
    async fn resolve_appeal(&self, ctx: &Context<'_>, id: ID, comment: String) -> async_graphql::Result<Appeal> {
        change(ctx, &id, Transition::Resolve, TransitionInput { comment: Some(comment), ..Default::default() }).await
    }

    /// Closes after the operator's callback confirmed the result; the rating given on the call.
    async fn close_appeal(
        &self,
        ctx: &Context<'_>,
        id: ID,
        rating: Option<i32>,
        comment: Option<String>,
    ) -> async_graphql::Result<Appeal> {
        change(ctx, &id, Transition::Close, TransitionInput { rating, comment, ..Default::default() }).await
    }

    /// Reopens when the callback finds the problem is not solved.
    async fn reopen_appeal(&self, ctx: &Context<'_>, id: ID, comment: String) -> async_graphql::Result<Appeal> {
        change(ctx, &id, Transition::Reopen, TransitionInput { comment: Some(comment), ..Default::default() }).await
    }

    async fn reject_appeal(&self, ctx: &Context<'_>, id: ID, comment: String) -> async_graphql::Result<Appeal> {
        change(ctx, &id, Transition::Reject, TransitionInput { comment: Some(comment), ..Default::default() }).await
    }

    /// Merges a duplicate into a parent incident.
    async fn merge_appeal(
        &self,
        ctx: &Context<'_>,
        id: ID,
        parent_id: ID,
        comment: Option<String>,
    ) -> async_graphql::Result<Appeal> {
        let parent_id = Some(parse_id(&parent_id).gql()?);
        change(ctx, &id, Transition::Merge, TransitionInput { parent_id, comment, ..Default::default() }).await
    }

    /// Forwards an appeal outside the center's competence (recorded whether within the limit).
    async fn forward_appeal(
        &self,
        ctx: &Context<'_>,
        id: ID,
        forwarded_to: String,
        comment: Option<String>,
    ) -> async_graphql::Result<Appeal> {
        change(
            ctx,
            &id,
            Transition::Forward,
            TransitionInput { forwarded_to: Some(forwarded_to), comment, ..Default::default() },
        )
        .await
    }

    /// Extends the deadline (two months after registration at most), with a reason.
    async fn extend_appeal_deadline(
        &self,
        ctx: &Context<'_>,
        id: ID,
        until: chrono::DateTime<chrono::Utc>,
        reason: String,
    ) -> async_graphql::Result<Appeal> {
        lifecycle::extend_deadline(request(ctx)?, parse_id(&id).gql()?, until, &reason).await.map(Appeal).gql()
    }

    /// Links a repeat to its open parent incident; it is resolved when the parent closes.
    async fn link_appeal(&self, ctx: &Context<'_>, id: ID, parent_id: ID) -> async_graphql::Result<Appeal> {
        lifecycle::link(request(ctx)?, parse_id(&id).gql()?, parse_id(&parent_id).gql()?).await.map(Appeal).gql()
    }

    async fn comment_appeal(&self, ctx: &Context<'_>, id: ID, comment: String) -> async_graphql::Result<bool> {
        lifecycle::comment(request(ctx)?, parse_id(&id).gql()?, &comment).await.gql()
    }

    /// The note for the public (Open311's status_notes, tracking), at most 1000 characters;
    /// blank or null clears it. Comments, reasons and resolutions are never published.
    async fn set_public_note(&self, ctx: &Context<'_>, id: ID, note: Option<String>) -> async_graphql::Result<Appeal> {
        let saved =
            crate::appeals::public_note::set(request(ctx)?, parse_id(&id).gql()?, note.as_deref()).await.gql()?;
        Ok(Appeal(saved))
    }

    /// The resident rates the handling, with the token from the receipt (no login) or, without
    /// it, as the verified resident the appeal belongs to.
    async fn rate_appeal(
        &self,
        ctx: &Context<'_>,
        number: String,
        tracking_token: Option<String>,
        score: i32,
        comment: Option<String>,
    ) -> async_graphql::Result<bool> {
        lifecycle::rate(request(ctx)?, &number, tracking_token.as_deref(), score, comment).await.map(|_| true).gql()
    }

    /// Attaches a photo, video or PDF (multipart request); the type is read from the content.
    async fn upload_attachment(
        &self,
        ctx: &Context<'_>,
        appeal_id: ID,
        file: Upload,
    ) -> async_graphql::Result<Attachment> {
        let too_big = || AppError::validation("file", "a file may be at most 100 MiB");
        let upload =
            file.value(ctx).map_err(|_| AppError::validation("file", "the upload is missing or unreadable")).gql()?;
        let name = upload.filename.clone();
        // The upload sits in a temporary file: read it off the async threads.
        let bytes = tokio::task::spawn_blocking(move || {
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(
                &mut std::io::Read::take(upload.into_read(), attachments::MAX_BYTES as u64 + 1),
                &mut bytes,
            )
            .map(|_| bytes)
        })
        .await
        .map_err(anyhow::Error::from)
        .map_err(AppError::from)
        .gql()?
        .map_err(|_| AppError::validation("file", "the upload could not be read"))
        .gql()?;
        if bytes.len() > attachments::MAX_BYTES {
            return Err(too_big()).gql();
        }
        attachments::attach(request(ctx)?, parse_id(&appeal_id).gql()?, &name, bytes).await.map(Attachment).gql()
    }

    /// Announces a planned outage for buildings; their appeals about it are linked to it.
    async fn announce_outage(&self, ctx: &Context<'_>, input: OutageAnnouncement) -> async_graphql::Result<Outage> {
        let building_ids = input.building_ids.iter().map(parse_id).collect::<Result<Vec<_>, _>>().gql()?;
        let fields = OutageInput {
            kind: input.kind,
            category_id: input.category_id.as_ref().map(parse_id).transpose().gql()?,
            building_ids,
            starts_at: input.starts_at,
            ends_at: input.ends_at,
            message: input.message,
        };
        outages::announce(request(ctx)?, fields).await.map(Outage::from).gql()
    }

    /// Changes an appeal setting of the city: warn_share, systemic_threshold, repeat_radius_m,
    /// forward_working_days, extension_notice_working_days (city admins).
    async fn set_appeal_setting(&self, ctx: &Context<'_>, key: String, value: String) -> async_graphql::Result<bool> {
        settings::save_setting(request(ctx)?, &key, &value).await.gql()
    }

    /// Makes a date a working day or a day off in the city's calendar (city admins).
    async fn set_calendar_day(
        &self,
        ctx: &Context<'_>,
        day: chrono::NaiveDate,
        working: bool,
        note: Option<String>,
    ) -> async_graphql::Result<bool> {
        settings::save_calendar_day(request(ctx)?, day, working, note).await.gql()
    }
}

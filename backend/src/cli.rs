//! The `qala` command line.

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use clap::{Parser, Subcommand};

use crate::config::Config;
use crate::context::RequestCtx;
use crate::platform::manifest::Manifest;
use crate::state::AppState;
use crate::{demo, http, infra, platform};

#[derive(Parser, Debug)]
#[command(name = "qala", version, about = "Qala 109: the platform of the 109 city service centers")]
#[command(
    after_help = "Configuration: built-in defaults < qala.toml (or the file in QALA_CONFIG) < QALA_* environment variables. See docs/operations.md."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Start the HTTP server (migrates first when `auto_migrate` is on).
    Serve {
        /// Onboard every manifest in `tenants_dir` and create the demo users.
        #[arg(long)]
        demo: bool,
    },
    /// Bring the platform and every tenant schema up to date (idempotent; safe with replicas).
    Migrate,
    /// Manage tenants (cities).
    #[command(subcommand)]
    Tenant(TenantCommand),
    /// Manage a city's service catalog.
    #[command(subcommand)]
    Catalog(CatalogCommand),
    /// Manage platform admins.
    #[command(subcommand)]
    Admin(AdminCommand),
    /// Generate realistic appeals in a tenant (demonstrations, load tests).
    Seed {
        #[arg(long)]
        tenant: String,
        #[arg(long)]
        appeals: u64,
        /// Seed of the random generator, for repeatable data.
        #[arg(long, default_value_t = 109)]
        random_seed: u64,
        /// Years of history the appeals are spread over.
        #[arg(long, default_value_t = 3)]
        years: u32,
    },
    /// Run one pass of the deadline watch over every tenant, then exit.
    Escalate,
    /// The center's figures.
    #[command(subcommand)]
    Analytics(AnalyticsCommand),
    /// Print the GraphQL schema (SDL), as kept in docs/schema.graphql.
    Schema,
    /// Print the effective configuration, secrets hidden.
    Config,
}

#[derive(Subcommand, Debug)]
pub enum TenantCommand {
    /// Create or update tenants from manifests (atomically; re-applying never duplicates).
    Add {
        #[arg(required = true)]
        manifests: Vec<PathBuf>,
        /// Apply even when the manifest is unchanged since it was last applied.
        #[arg(long)]
        force: bool,
    },
    /// List tenants with their status.
    List,
    /// Suspend a tenant: its requests get 403 until resumed.
    Suspend { slug: String },
    /// Resume a suspended tenant.
    Resume { slug: String },
}

#[derive(Subcommand, Debug)]
pub enum AnalyticsCommand {
    /// Recount a city's appeal rollups from its appeals (appeal changes of that city wait while
    /// it runs); prints how many rows differed.
    Rebuild {
        #[arg(long)]
        tenant: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum CatalogCommand {
    /// Import a catalog CSV into a tenant (format: docs/tenant-manifest.md); all rows or none.
    Import {
        #[arg(long)]
        tenant: String,
        csv: PathBuf,
    },
}

#[derive(Subcommand, Debug)]
pub enum AdminCommand {
    /// Create a platform admin. The password comes from QALA_ADMIN_PASSWORD or a prompt.
    Create {
        #[arg(long)]
        login: String,
        #[arg(long, default_value = "Platform admin")]
        name: String,
    },
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    if matches!(cli.command, Command::Schema) {
        print!("{}", crate::graphql::schema::sdl());
        return Ok(());
    }
    let mut config = Config::load()?;
    if let Command::Serve { demo: true } = cli.command {
        config.demo = true;
    }
    if let Command::Config = cli.command {
        let mut shown = config.clone();
        shown.jwt_secret = shown.jwt_secret.map(|_| "<hidden>".into());
        shown.database_url = shown.database_url.map(|u| hide_password(&u));
        shown.redis_url = shown.redis_url.map(|u| hide_password(&u));
        shown.s3_secret_access_key = shown.s3_secret_access_key.map(|_| "<hidden>".into());
        shown.otp_gateway_token = shown.otp_gateway_token.map(|_| "<hidden>".into());
        shown.smtp_relay_url = shown.smtp_relay_url.map(|u| hide_password(&u));
        println!("{}", toml::to_string_pretty(&shown)?);
        return Ok(());
    }
    if matches!(cli.command, Command::Serve { .. }) {
        config.check_for_serving().map_err(|e| anyhow::anyhow!("configuration error: {}", e.0))?;
        if config.jwt_secret.is_none() && !config.demo {
            anyhow::bail!(
                "configuration error: key `jwt_secret`: must be set (at least 32 bytes) unless demo mode is on"
            );
        }
    }
    crate::telemetry::init(&config);
    let state = AppState::build(config).await?;
    match cli.command {
        Command::Serve { .. } => serve(state).await,
        Command::Migrate => {
            let tenants = crate::tenancy::migrate_all(&state.db).await?;
            crate::analytics::rebuild::rebuild_stale(&state).await?;
            println!("platform and {tenants} tenant schemas are up to date");
            Ok(())
        }
        Command::Tenant(command) => tenant(state, command).await,
        Command::Catalog(CatalogCommand::Import { tenant, csv }) => {
            infra::migrate::migrate_platform(&state.db).await?;
            let found = state.tenants.by_slug(&tenant).await?.with_context(|| format!("no tenant `{tenant}`"))?;
            let text = std::fs::read_to_string(&csv).with_context(|| format!("reading {}", csv.display()))?;
            let ctx = RequestCtx::console(state.clone(), Some(found));
            let counts =
                tenancy_err(crate::catalog::service::import_csv(&ctx, &csv.display().to_string(), &text).await)?;
            println!("{}: {} service types created, {} updated", tenant, counts.created, counts.updated);
            Ok(())
        }
        Command::Admin(AdminCommand::Create { login, name }) => {
            infra::migrate::migrate_platform(&state.db).await?;
            let secret = match std::env::var("QALA_ADMIN_PASSWORD") {
                Ok(secret) => secret,
                Err(_) => rpassword::prompt_password("Password for the new platform admin: ")?,
            };
            let created =
                tenancy_err(crate::auth::users::create_platform_admin(&state.db, &login, &name, &secret).await)?;
            println!(
                "{}",
                if created {
                    format!("platform admin `{login}` created")
                } else {
                    format!("`{login}` exists already; nothing changed")
                }
            );
            Ok(())
        }
        Command::Seed { tenant, appeals, random_seed, years } => {
            crate::tenancy::migrate_all(&state.db).await?;
            let found = state.tenants.by_slug(&tenant).await?.with_context(|| format!("no tenant `{tenant}`"))?;
            let started = std::time::Instant::now();
            let written = crate::appeals::seed::seed(&state.db, &found, appeals, random_seed, years).await?;
            let secs = started.elapsed().as_secs_f64();
            println!("{tenant}: {written} appeals in {secs:.1} s ({:.0} a second)", written as f64 / secs.max(0.001));
            Ok(())
        }
        Command::Analytics(AnalyticsCommand::Rebuild { tenant }) => {
            crate::tenancy::migrate_all(&state.db).await?;
            let found = state.tenants.by_slug(&tenant).await?.with_context(|| format!("no tenant `{tenant}`"))?;
            let started = std::time::Instant::now();
            let report = crate::analytics::rebuild::rebuild_tenant(&state.db, &found).await?;
            println!(
                "{tenant}: {} days, {} rows recounted in {:.1} s; {} rows differed from the kept counts",
                report.days,
                report.rows,
                started.elapsed().as_secs_f64(),
                report.corrected
            );
            Ok(())
        }
        Command::Escalate => {
            crate::jobs::run_once(&state).await;
            Ok(())
        }
        Command::Schema | Command::Config => Ok(()),
    }
}

async fn serve(state: Arc<AppState>) -> anyhow::Result<()> {
    if state.config.jwt_secret.is_none() {
        tracing::warn!("No jwt_secret is set: demo mode signs tokens with a key made at start.");
    }
    if state.config.auto_migrate {
        crate::tenancy::migrate_all(&state.db).await?;
        crate::analytics::rebuild::rebuild_stale(&state).await?;
    }
    if state.config.demo {
        demo::prepare(&state).await?;
    }
    let listener = std::net::TcpListener::bind(&state.config.bind)
        .with_context(|| format!("binding {} (key `bind`)", state.config.bind))?;
    let watch = (state.config.escalation_interval_secs > 0).then(|| {
        crate::jobs::start(state.clone(), std::time::Duration::from_secs(state.config.escalation_interval_secs))
    });
    let mail = match &state.config.smtp_bind {
        Some(bind) => {
            let listener = tokio::net::TcpListener::bind(bind)
                .await
                .with_context(|| format!("binding {bind} (key `smtp_bind`)"))?;
            tracing::info!(smtp_bind = %bind, mail_domain = %state.config.mail_domain, "Taking residents' e-mail.");
            Some(tokio::spawn(crate::channels::mail::smtp::serve(state.clone(), listener)))
        }
        None => None,
    };
    tracing::info!(bind = %state.config.bind, database = state.db.name(), kv = state.kv.name(), "Qala 109 is serving.");
    http::server(state, listener)?.await?;
    for task in [watch, mail].into_iter().flatten() {
        task.abort();
    }
    tracing::info!("Qala 109 stopped.");
    Ok(())
}

async fn tenant(state: Arc<AppState>, command: TenantCommand) -> anyhow::Result<()> {
    infra::migrate::migrate_platform(&state.db).await?;
    let ctx = RequestCtx::console(state.clone(), None);
    match command {
        TenantCommand::Add { manifests, force } => {
            for path in manifests {
                let manifest = Manifest::load(&path).map_err(|errors| anyhow::anyhow!(errors.join("\n")))?;
                let report = tenancy_err(platform::onboard::onboard(&state.db, &manifest, "console", force).await)?;
                let verb = match (report.created, report.applied) {
                    (true, _) => "created",
                    (false, true) => "updated",
                    (false, false) => "unchanged",
                };
                println!(
                    "{}: {verb} ({} organizations, {} buildings, {} service types created, {} updated)",
                    report.slug,
                    report.organizations,
                    report.buildings,
                    report.service_types.created,
                    report.service_types.updated
                );
            }
        }
        TenantCommand::List => {
            for t in tenancy_err(platform::service::list(&ctx).await)? {
                println!("{:<16} {:<10} {:<14} {}", t.slug, t.status, t.brand, t.city_en);
            }
        }
        TenantCommand::Suspend { slug } => {
            tenancy_err(platform::service::set_status(&ctx, &slug, true).await)?;
            println!("{slug}: suspended");
        }
        TenantCommand::Resume { slug } => {
            tenancy_err(platform::service::set_status(&ctx, &slug, false).await)?;
            println!("{slug}: active");
        }
    }
    Ok(())
}

/// Service errors on the console: the message with its code, causes included.
fn tenancy_err<T>(result: crate::error::AppResult<T>) -> anyhow::Result<T> {
    result.map_err(|e| match e {
        crate::error::AppError::Unexpected(cause) => cause,
        other => anyhow::anyhow!("{}: {other}", other.code()),
    })
}

fn hide_password(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => match url[scheme + 3..at].split_once(':') {
            Some((user, _)) => format!("{}{user}:<hidden>{}", &url[..scheme + 3], &url[at..]),
            None => url.to_owned(),
        },
        _ => url.to_owned(),
    }
}

//! Tables that both sets share: staff users, refresh tokens and the audit log have the same shape
//! in the platform schema (platform admins) and in every tenant schema (the city's staff), so one
//! authentication code path serves both.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

/// A foreign key from `from.column` to `to.id`.
pub fn fk(from: &'static str, column: &'static str, to: &'static str) -> ForeignKeyCreateStatement {
    ForeignKey::create().from(from, column).to(to, "id").to_owned()
}

/// Drops tables in the order given (dependents first), for a migration's `down`.
pub async fn drop_tables(manager: &SchemaManager<'_>, tables: &[&str]) -> Result<(), DbErr> {
    for table in tables {
        manager.drop_table(Table::drop().table(Alias::new(*table)).to_owned()).await?;
    }
    Ok(())
}

pub fn timestamps(table: &mut TableCreateStatement) -> &mut TableCreateStatement {
    table.col(timestamp_with_time_zone("created_at")).col(timestamp_with_time_zone("updated_at"))
}

pub async fn create_index(
    manager: &SchemaManager<'_>,
    table: &str,
    columns: &[&str],
    unique: bool,
) -> Result<(), DbErr> {
    let mut index = Index::create();
    index.name(format!("ix_{table}_{}", columns.join("_"))).table(Alias::new(table)).if_not_exists();
    for column in columns {
        index.col(Alias::new(*column));
    }
    if unique {
        index.unique();
    }
    manager.create_index(index.to_owned()).await
}

/// A staff member's e-mail address, where supervisors' alerts are pushed (the same column in
/// both sets, as the auth tables are one shape).
pub async fn add_user_email(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager.alter_table(Table::alter().table(Alias::new("users")).add_column(string_null("email")).to_owned()).await
}

pub async fn create_auth_tables(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let mut users = Table::create();
    users
        .table("users")
        .if_not_exists()
        .col(big_pk_auto("id"))
        .col(string_uniq("login"))
        .col(string("display_name"))
        .col(string("password_hash"))
        // Comma-separated role names; a user has a handful at most.
        .col(string("roles"))
        .col(big_integer_null("organization_id"))
        .col(string_len("language", 2))
        .col(boolean("active").default(true))
        .col(integer("failed_logins").default(0))
        .col(timestamp_with_time_zone_null("locked_until"))
        .col(timestamp_with_time_zone_null("last_login_at"));
    timestamps(&mut users);
    manager.create_table(users.to_owned()).await?;

    manager
        .create_table(
            Table::create()
                .table("refresh_tokens")
                .if_not_exists()
                .col(big_pk_auto("id"))
                .col(big_integer("user_id"))
                .col(string("family"))
                .col(string_uniq("token_hash"))
                .col(timestamp_with_time_zone("expires_at"))
                .col(timestamp_with_time_zone_null("used_at"))
                .col(timestamp_with_time_zone_null("revoked_at"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(
                    ForeignKey::create()
                        .from("refresh_tokens", "user_id")
                        .to("users", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
    create_index(manager, "refresh_tokens", &["family"], false).await?;
    create_index(manager, "refresh_tokens", &["user_id"], false).await?;

    manager
        .create_table(
            Table::create()
                .table("audit_log")
                .if_not_exists()
                .col(big_pk_auto("id"))
                .col(timestamp_with_time_zone("at"))
                .col(string("actor"))
                .col(string("action"))
                .col(string("entity"))
                .col(string_null("entity_id"))
                .col(text("details"))
                .to_owned(),
        )
        .await?;
    create_index(manager, "audit_log", &["entity", "entity_id"], false).await?;
    create_index(manager, "audit_log", &["at"], false).await
}

/// Makes `table` append-only in the database itself: an UPDATE or DELETE of its rows fails,
/// whatever code or console issues it.
pub async fn make_append_only(manager: &SchemaManager<'_>, table: &str) -> Result<(), DbErr> {
    let db = manager.get_connection();
    match manager.get_database_backend() {
        sea_orm::DatabaseBackend::Postgres => {
            // Created in the schema being migrated (the tenant's, or the platform's `public`).
            db.execute_unprepared(
                "CREATE OR REPLACE FUNCTION qala_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ \
                 BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$",
            )
            .await?;
            db.execute_unprepared(&format!(
                "DROP TRIGGER IF EXISTS {table}_append_only ON {table}; \
                 CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} \
                 FOR EACH ROW EXECUTE FUNCTION qala_append_only()"
            ))
            .await?;
        }
        _ => {
            for (event, name) in [("UPDATE", "no_update"), ("DELETE", "no_delete")] {
                db.execute_unprepared(&format!(
                    "CREATE TRIGGER IF NOT EXISTS {table}_{name} BEFORE {event} ON {table} \
                     BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
                ))
                .await?;
            }
        }
    }
    Ok(())
}

/// Undoes `make_append_only`.
pub async fn drop_append_only(manager: &SchemaManager<'_>, table: &str) -> Result<(), DbErr> {
    let db = manager.get_connection();
    match manager.get_database_backend() {
        sea_orm::DatabaseBackend::Postgres => {
            db.execute_unprepared(&format!("DROP TRIGGER IF EXISTS {table}_append_only ON {table}")).await?;
        }
        _ => {
            db.execute_unprepared(&format!("DROP TRIGGER IF EXISTS {table}_no_update")).await?;
            db.execute_unprepared(&format!("DROP TRIGGER IF EXISTS {table}_no_delete")).await?;
        }
    }
    Ok(())
}

pub mod m0001_platform;
pub mod m0002_audit_append_only;
pub mod m0003_user_email;

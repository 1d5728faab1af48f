//! The `qala` binary as an operator runs it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Runs `qala` with a clean environment on a data directory of its own.
fn qala(data: &Path, env: &[(&str, &str)], args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_qala"));
    command
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("QALA_DATA_DIR", data)
        .env("QALA_LOG_LEVEL", "warn")
        // A directory without a qala.toml, so only the environment given here configures it.
        .current_dir(data)
        .args(args);
    for (key, value) in env {
        command.env(key, value);
    }
    command.output().expect("qala runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn help_documents_every_subcommand() {
    let dir = tempfile::tempdir().expect("dir");
    let help = text(&qala(dir.path(), &[], &["--help"]).stdout);
    for command in ["serve", "migrate", "tenant", "catalog", "admin", "schema", "config"] {
        assert!(help.contains(command), "{command} is missing from:\n{help}");
    }
    let tenant = text(&qala(dir.path(), &[], &["tenant", "--help"]).stdout);
    for command in ["add", "list", "suspend", "resume"] {
        assert!(tenant.contains(command), "{command} is missing from:\n{tenant}");
    }
}

#[test]
fn a_bad_value_stops_start_up_with_one_line_naming_the_key() {
    let dir = tempfile::tempdir().expect("dir");
    let cases: [(&str, &str, &str); 3] = [
        ("QALA_BIND", "nowhere", "`bind`"),
        ("QALA_ACCESS_TOKEN_TTL_SECS", "soon", "`access_token_ttl_secs`"),
        ("QALA_DATABASE_URL", "mysql://db", "`database_url`"),
    ];
    for (key, value, named) in cases {
        let out = qala(dir.path(), &[(key, value)], &["migrate"]);
        let stderr = text(&out.stderr);
        assert!(!out.status.success(), "{key}={value} was accepted");
        assert_eq!(stderr.trim_end().lines().count(), 1, "one line for {key}: {stderr}");
        assert!(stderr.contains(named), "{key}: {stderr}");
    }
    let file = dir.path().join("bad.toml");
    std::fs::write(&file, "login_max_failures = -3\n").expect("write");
    let out = qala(dir.path(), &[("QALA_CONFIG", file.to_str().unwrap_or_default())], &["migrate"]);
    assert!(text(&out.stderr).contains("`login_max_failures`"), "{}", text(&out.stderr));
    let missing = qala(dir.path(), &[("QALA_CONFIG", "/nowhere/qala.toml")], &["migrate"]);
    assert!(text(&missing.stderr).contains("QALA_CONFIG"), "{}", text(&missing.stderr));
}

#[test]
fn serving_without_a_jwt_secret_outside_demo_mode_is_refused() {
    let dir = tempfile::tempdir().expect("dir");
    let gateway =
        [("QALA_BIND", "127.0.0.1:0"), ("QALA_OTP_DELIVERY", "http"), ("QALA_OTP_GATEWAY_URL", "http://127.0.0.1:1")];
    let out = qala(dir.path(), &gateway, &["serve"]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("`jwt_secret`"), "{}", text(&out.stderr));
}

#[test]
fn production_refuses_demo_accounts_and_codes_in_the_log_before_serving() {
    let dir = tempfile::tempdir().expect("dir");
    let demo = qala(dir.path(), &[("QALA_BIND", "127.0.0.1:0")], &["serve", "--demo"]);
    assert!(!demo.status.success());
    assert!(
        text(&demo.stderr).contains("`demo`") && text(&demo.stderr).contains("development"),
        "{}",
        text(&demo.stderr)
    );
    let secret = [("QALA_BIND", "127.0.0.1:0"), ("QALA_JWT_SECRET", "a-secret-of-at-least-32-bytes-long!!")];
    let codes = qala(dir.path(), &secret, &["serve"]);
    assert!(!codes.status.success());
    assert!(text(&codes.stderr).contains("`otp_delivery`"), "{}", text(&codes.stderr));
}

#[test]
fn a_broken_manifest_is_refused_naming_the_file_the_entry_and_the_field() {
    let dir = tempfile::tempdir().expect("dir");
    let good = std::fs::read_to_string(repo().join("tests/fixtures/alpha.toml")).expect("fixture");
    let broken = good
        .replace("980440001232", "980440001233")
        .replace("managing_org = \"osi-one\"", "managing_org = \"osi-nine\"")
        .replace("code = \"ksk-one\"", "code = \"water\"");
    let path = dir.path().join("broken.toml");
    std::fs::write(&path, broken).expect("write");
    let out = qala(dir.path(), &[], &["tenant", "add", path.to_str().unwrap_or_default()]);
    let stderr = text(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("broken.toml: organizations[0] (code `water`): bin: check digit does not match"),
        "{stderr}"
    );
    assert!(stderr.contains("organizations[1] (code `water`): code: duplicate code"), "{stderr}");
    assert!(stderr.contains("buildings[0] (code `b-1`): managing_org: no organization `osi-nine`"), "{stderr}");
    let list = qala(dir.path(), &[], &["tenant", "list"]);
    assert_eq!(text(&list.stdout), "", "nothing was created");
}

#[test]
fn the_launch_cities_onboard_from_their_manifests_once() {
    let dir = tempfile::tempdir().expect("dir");
    let paths: Vec<String> = ["astana", "petropavlovsk", "taraz"]
        .iter()
        .map(|city| repo().join(format!("tenants/{city}.toml")).display().to_string())
        .collect();
    let manifests: Vec<&str> = paths.iter().map(String::as_str).collect();
    let first = qala(dir.path(), &[], &[&["tenant", "add"][..], &manifests[..]].concat());
    let stdout = text(&first.stdout);
    assert!(first.status.success(), "{}", text(&first.stderr));
    assert_eq!(stdout.matches(": created").count(), 3, "{stdout}");
    let taraz = stdout.lines().find(|l| l.starts_with("taraz")).unwrap_or_default();
    let created: u32 = taraz
        .split(", ")
        .find_map(|part| part.strip_suffix(" service types created"))
        .and_then(|n| n.parse().ok())
        .unwrap_or_default();
    assert!(created > 1000, "Taraz offers over a thousand service types: {taraz}");

    let again = qala(dir.path(), &[], &[&["tenant", "add"][..], &manifests[..]].concat());
    assert_eq!(text(&again.stdout).matches(": unchanged").count(), 3, "{}", text(&again.stdout));

    let list = text(&qala(dir.path(), &[], &["tenant", "list"]).stdout);
    for slug in ["astana", "petropavlovsk", "taraz"] {
        assert!(list.contains(slug), "{list}");
    }
    let admin = [("QALA_ADMIN_PASSWORD", "a-long-admin-password")];
    let created = qala(dir.path(), &admin, &["admin", "create", "--login", "root@qala"]);
    assert!(text(&created.stdout).contains("created"), "{}", text(&created.stderr));
    let exists = qala(dir.path(), &admin, &["admin", "create", "--login", "root@qala"]);
    assert!(text(&exists.stdout).contains("exists already"));
    let weak = qala(dir.path(), &[("QALA_ADMIN_PASSWORD", "short")], &["admin", "create", "--login", "x@qala"]);
    assert!(text(&weak.stderr).contains("VALIDATION"), "{}", text(&weak.stderr));
}

#[test]
fn a_catalog_csv_is_imported_into_one_tenant() {
    let dir = tempfile::tempdir().expect("dir");
    let fixture = repo().join("tests/fixtures/alpha.toml");
    assert!(qala(dir.path(), &[], &["tenant", "add", fixture.to_str().unwrap_or_default()]).status.success());
    let csv = dir.path().join("more.csv");
    std::fs::write(
        &csv,
        format!("{}\nroads,Жолдар,Дороги,Roads,potholes,Шұңқырлар,Ямы,Potholes,pothole,Шұңқыр,Яма на дороге,Pothole,problem,department,,10wd,,,,true\n", qala::catalog::csv::HEADER),
    )
    .expect("write");
    let out = qala(dir.path(), &[], &["catalog", "import", "--tenant", "alpha", csv.to_str().unwrap_or_default()]);
    assert_eq!(text(&out.stdout).trim(), "alpha: 1 service types created, 0 updated", "{}", text(&out.stderr));
    let unknown = qala(dir.path(), &[], &["catalog", "import", "--tenant", "nope", csv.to_str().unwrap_or_default()]);
    assert!(text(&unknown.stderr).contains("no tenant `nope`"));
}

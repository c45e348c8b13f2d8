//! The console through its whole router and its command line: who may do what, sessions, the
//! sign-in limits, CSRF, security headers, the audit log, and the changes it makes to EC2 (the
//! embedded ec2-local, whose counters say which calls were made).
//!
//! On SQLite in a temporary directory; with `SG_TEST_POSTGRES` set to a PostgreSQL server's URL
//! (`postgres://user@host:port`, as `scripts/test` sets it), every console has a new database
//! there instead, so that each test runs on PostgreSQL too.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;

use app::error::{AppError, Failure};
use app::guard::Guard;
use app::model::{Action, ActivityQuery, Outcome, Peer, Role, Rule, RuleRow};
use app::store::Database;
use axum::Router;
use axum::body::Body;
use axum::extract::connect_info::MockConnectInfo;
use axum::http::{Request, Response, StatusCode, header};
use clap::Parser;
use http_body_util::BodyExt;
use server::config::Config;
use tower::ServiceExt;

const HOST: &str = "console.test";
const ORIGIN: &str = "http://console.test";
const PASSWORD: &str = "correct horse battery";

/// A console on the embedded sandbox in a temporary data directory, with an admin, an editor
/// and a viewer.
struct Console {
    router: Router,
    db: Database,
    ec2: Arc<app::ec2::Ec2>,
    _dir: tempfile::TempDir,
    sandbox: Option<ec2_local::RunningServer>,
}

async fn console_with(flags: &[&str], peer: &str) -> Console {
    let dir = tempfile::tempdir().expect("a temporary directory");
    if let Some((server, name)) = postgres_database(&dir) {
        use sqlx::Connection;
        let mut admin = sqlx::PgConnection::connect(&format!("{server}/postgres")).await.expect("PostgreSQL answers");
        sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut admin).await.expect("a new database");
    }
    let db = server::open_database(&config(&dir, flags)).await.expect("the database opens");
    for (name, role) in [("admin", Role::Admin), ("eddie", Role::Editor), ("vera", Role::Viewer)] {
        add_account(&db, name, role).await;
    }
    console_in(dir, flags, peer).await
}

fn config(dir: &tempfile::TempDir, flags: &[&str]) -> Config {
    let data_dir = dir.path().to_str().expect("a UTF-8 path").to_owned();
    let mut args = vec!["sg-console", "--data-dir", &data_dir, "--regions", "us-east-1"];
    let url = postgres_database(dir).map(|(server, name)| format!("{server}/{name}"));
    if let Some(url) = &url {
        args.extend(["--database-url", url]);
    }
    args.extend_from_slice(flags);
    Config::try_parse_from(args).expect("valid flags")
}

/// With `SG_TEST_POSTGRES` set: the server, and the name of the database of the console whose
/// data directory is `dir` (named after it, so that a restarted console finds it again).
fn postgres_database(dir: &tempfile::TempDir) -> Option<(String, String)> {
    let server = std::env::var("SG_TEST_POSTGRES").ok().filter(|s| !s.is_empty())?;
    let suffix: String =
        dir.path().file_name()?.to_string_lossy().chars().filter(char::is_ascii_alphanumeric).collect();
    Some((server.trim_end_matches('/').to_owned(), format!("sg_test_{}", suffix.to_lowercase())))
}

/// Makes the audit log unwritable: its table is gone (renamed), on either database.
async fn break_the_audit_log(db: &Database) {
    sqlx::query("ALTER TABLE audit_entries RENAME TO audit_entries_gone").execute(db.pool()).await.expect("renamed");
}

/// A console on the data directory `dir`, as it is.
async fn console_in(dir: tempfile::TempDir, flags: &[&str], peer: &str) -> Console {
    console_from(config(&dir, flags), dir, peer).await
}

/// The console `config` describes, keeping `dir` (its data directory, or where it was made)
/// for as long as it runs, and seeing every request come from `peer`.
async fn console_from(config: Config, dir: tempfile::TempDir, peer: &str) -> Console {
    let options = leptos::config::LeptosOptions::builder().output_name("sg-console").build();
    let console = server::console(&config, options).await.expect("the console starts");
    let peer: SocketAddr = peer.parse().expect("an address");
    let (db, ec2) = (console.state.db.clone(), console.state.ec2.clone());
    Console { router: console.router.layer(MockConnectInfo(peer)), db, ec2, _dir: dir, sandbox: console.sandbox }
}

async fn console() -> Console {
    console_with(&[], "192.0.2.10:50000").await
}

async fn add_account(db: &Database, name: &str, role: Role) {
    let guard = Guard::local(db.clone(), "test", "test");
    app::accounts::add(guard, name, PASSWORD, role).await.expect("the account is added");
}

/// A request as a browser on the console's own pages sends it.
fn request(method: &str, path: &str, cookie: Option<&str>) -> axum::http::request::Builder {
    let mut builder = Request::builder().method(method).uri(path).header(header::HOST, HOST);
    if method != "GET" {
        builder =
            builder.header(header::ORIGIN, ORIGIN).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    }
    if let Some(cookie) = cookie {
        builder = builder.header(header::COOKIE, cookie);
    }
    builder
}

impl Console {
    /// Sends a request; one that gets no answer in a minute fails its test rather than holding
    /// the whole run (every answer here takes milliseconds).
    async fn send(&self, request: Request<Body>) -> Response<Body> {
        let shown = format!("{} {}", request.method(), request.uri());
        tokio::time::timeout(std::time::Duration::from_secs(60), self.router.clone().oneshot(request))
            .await
            .unwrap_or_else(|_| panic!("{shown}: no answer within 60 s"))
            .expect("the router answers")
    }

    async fn get(&self, path: &str, cookie: Option<&str>) -> Response<Body> {
        self.send(request("GET", path, cookie).body(Body::empty()).expect("a request")).await
    }

    async fn post(&self, path: &str, form: &str, cookie: Option<&str>) -> Response<Body> {
        self.send(request("POST", path, cookie).body(Body::from(form.to_owned())).expect("a request")).await
    }

    /// Signs in and answers the session cookie (`name=value`), or panics.
    async fn sign_in(&self, name: &str) -> String {
        self.sign_in_with(name, PASSWORD, None).await
    }

    async fn sign_in_with(&self, name: &str, password: &str, cookie: Option<&str>) -> String {
        let response =
            self.post("/signin", &format!("name={name}&password={}&next=%2Fglobal", enc(password)), cookie).await;
        assert_eq!(location(&response), Some("/global"), "{name} signs in");
        session_cookie(&response).expect("a session cookie")
    }

    async fn audit(&self) -> Vec<app::model::AuditEntry> {
        self.db.audit().entries(&ActivityQuery::default(), None).await.expect("the audit log reads")
    }

    /// Calls the server function `name` with `form` as the signed-in `cookie`.
    async fn call(&self, name: &str, form: &str, cookie: &str) -> Response<Body> {
        let path = server_functions().into_iter().find(|(n, _)| n == name).expect("registered").1;
        self.post(&path, form, Some(cookie)).await
    }

    fn sandbox_url(&self) -> String {
        self.sandbox.as_ref().expect("the embedded sandbox").endpoint_url()
    }

    /// The EC2 calls ec2-local answered since its counters were last reset, by action.
    async fn ec2_counters(&self) -> BTreeMap<String, u64> {
        let response = reqwest::get(format!("{}/_local/counters", self.sandbox_url())).await.expect("the counters");
        response.json().await.expect("counters as JSON")
    }

    async fn reset_ec2_counters(&self) {
        let url = format!("{}/_local/counters/reset", self.sandbox_url());
        reqwest::Client::new().post(url).send().await.expect("the counters reset");
    }

    /// Injects ec2-local faults (`{"fail_next": "AuthorizeSecurityGroupIngress"}`, ...).
    async fn set_faults(&self, faults: serde_json::Value) {
        let url = format!("{}/_local/faults", self.sandbox_url());
        let response = reqwest::Client::new().post(url).json(&faults).send().await.expect("faults set");
        assert!(response.status().is_success(), "faults {faults}");
    }

    /// One EC2 Query call to the sandbox in us-east-1, as an API user would make it: its XML.
    async fn ec2_query(&self, query: &str) -> String {
        let response = reqwest::Client::new()
            .post(self.sandbox_url())
            .header(
                "authorization",
                "AWS4-HMAC-SHA256 Credential=test/20261203/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=0",
            )
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!("Version=2016-11-15&{query}"))
            .send()
            .await
            .expect("the sandbox answers");
        assert!(response.status().is_success(), "{query}");
        response.text().await.expect("XML")
    }

    /// The demo group `name` of us-east-1 as EC2 has it now, with its rules' ids and tags.
    async fn group(&self, name: &str) -> app::model::SecurityGroup {
        let ec2 = self.ec2.region("us-east-1", Default::default()).expect("us-east-1");
        let groups = ec2.security_groups().await.expect("the groups");
        let id = groups.iter().find(|g| g.name == name).map(|g| g.id.clone()).expect("the demo group");
        ec2.security_group(&id).await.expect("the group").0
    }
}

/// A form body from `pairs`, each name and value encoded.
fn form(pairs: &[(String, String)]) -> String {
    pairs.iter().map(|(k, v)| format!("{}={}", enc(k), enc(v))).collect::<Vec<_>>().join("&")
}

/// `save_rules`' form: the group's `direction` rules as `opened`, `rows` as the editor sends them.
fn rules_form(group: &app::model::SecurityGroup, opened: &[Rule], rows: &[RuleRow]) -> String {
    let mut pairs = vec![
        ("region".to_owned(), "us-east-1".to_owned()),
        ("id".to_owned(), group.id.clone()),
        ("direction".to_owned(), "inbound".to_owned()),
        ("opened".to_owned(), serde_json::to_string(opened).expect("JSON")),
    ];
    for (i, row) in rows.iter().enumerate() {
        pairs.extend(row.fields("rules", i));
    }
    form(&pairs)
}

/// The web group's inbound rules as editor rows, and the mixed edit of the tests: the IPv4
/// HTTPS rule moves to 8443 (in place), HTTP from ::/0 goes, SSH from one address comes.
fn mixed_edit(group: &app::model::SecurityGroup) -> Vec<RuleRow> {
    let mut rows: Vec<RuleRow> = group
        .inbound
        .iter()
        .filter(|r| !(r.from_port == 80 && r.peer == Peer::Ipv6("::/0".into())))
        .map(RuleRow::from_rule)
        .collect();
    let https = rows.iter_mut().find(|r| r.kind == "https" && r.peer == "0.0.0.0/0").expect("HTTPS from anywhere");
    *https = RuleRow { kind: "custom-tcp".into(), ports: "8443".into(), ..https.clone() };
    rows.push(RuleRow { kind: "ssh".into(), peer: "203.0.113.7/32".into(), ..RuleRow::default() });
    rows
}

fn enc(value: &str) -> String {
    app::model::encode_query_value(value)
}

fn location(response: &Response<Body>) -> Option<&str> {
    response.headers().get(header::LOCATION).and_then(|v| v.to_str().ok())
}

fn session_cookie(response: &Response<Body>) -> Option<String> {
    response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("sg_session="))
        .and_then(|c| c.split(';').next())
        .map(str::to_owned)
}

async fn body(response: Response<Body>) -> String {
    let bytes = response.into_body().collect().await.expect("a body").to_bytes();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// The registered server functions: `/api/NAME` followed by its hash.
fn server_functions() -> Vec<(String, String)> {
    let mut functions: Vec<_> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| {
            let name = path.trim_start_matches("/api/").trim_end_matches(|c: char| c.is_ascii_digit()).to_owned();
            (name, path.to_owned())
        })
        .collect();
    functions.sort();
    functions
}

/// Server functions that change nothing. Everything else must answer a viewer 403.
const READ_ONLY: &[&str] = &[
    "console_info",
    "get_delete_checks",
    "get_findings",
    "get_group",
    "get_group_form",
    "get_group_usage",
    "get_instance_groups",
    "get_launch_templates",
    "get_reach",
    "get_rule_editor",
    "get_vpc_groups",
    "global_overview",
    "list_activity",
    "list_groups",
    "list_instances",
    "list_users",
];

/// For each server function that changes something: arguments that get the request as far as
/// the guard, and the role it needs. A new changing function needs a line here, or this test
/// fails.
fn arguments(name: &str) -> Option<(&'static str, Role)> {
    Some(match name {
        "add_user" => ("name=mallory&password=correct+horse+battery&role=admin", Role::Admin),
        "set_user_role" => ("name=vera&role=admin", Role::Admin),
        "set_user_disabled" => ("name=admin&disabled=true", Role::Admin),
        "delete_user" => ("name=admin", Role::Admin),
        "save_rules" => ("region=us-east-1&id=sg-0&direction=inbound&opened=%5B%5D", Role::Editor),
        "delete_rules" => ("region=us-east-1&id=sg-0&direction=inbound&rules%5B0%5D=sgr-0", Role::Editor),
        "save_tags" => ("region=us-east-1&id=sg-0&opened=%5B%5D", Role::Editor),
        "create_group" => ("region=us-east-1&name=x&description=y&vpc_id=vpc-0", Role::Editor),
        "delete_groups" => ("region=us-east-1&groups%5B0%5D=sg-0&confirm=delete", Role::Admin),
        "change_instance_groups" => ("region=us-east-1&instance=i-0&groups%5B0%5D=sg-0", Role::Editor),
        "create_template_version" => ("region=us-east-1&template=lt-0&source=1&groups%5B0%5D=sg-0", Role::Editor),
        _ => return None,
    })
}

#[tokio::test]
async fn every_changing_server_function_is_guarded() {
    let console = console().await;
    let viewer = console.sign_in("vera").await;
    let editor = console.sign_in("eddie").await;
    let admin = console.sign_in("admin").await;
    let functions = server_functions();
    assert!(
        functions.iter().any(|(name, _)| name == "add_user"),
        "the registry lists the server functions: {functions:?}"
    );
    console.reset_ec2_counters().await;
    for (name, path) in &functions {
        if READ_ONLY.contains(&name.as_str()) {
            continue;
        }
        let (form, needs) =
            arguments(name).unwrap_or_else(|| panic!("{name} changes something: give it arguments in `arguments`"));

        let signed_out = console.post(path, form, None).await;
        assert_eq!(signed_out.status(), StatusCode::UNAUTHORIZED, "{name} signed out");

        if needs == Role::Admin {
            let as_editor = console.post(path, form, Some(&editor)).await;
            assert_eq!(as_editor.status(), StatusCode::FORBIDDEN, "{name} as an editor");
        }

        let as_viewer = console.post(path, form, Some(&viewer)).await;
        assert_eq!(as_viewer.status(), StatusCode::FORBIDDEN, "{name} as a viewer");
        let error: AppError = serde_json::from_str(&body(as_viewer).await).expect("an AppError");
        assert_eq!(error.failure, Failure::Forbidden { needs }, "{name}");

        let mut cross_site = request("POST", path, Some(&admin)).body(Body::from(form)).expect("a request");
        cross_site.headers_mut().insert(header::ORIGIN, "http://evil.example".parse().expect("a value"));
        assert_eq!(console.send(cross_site).await.status(), StatusCode::FORBIDDEN, "{name} from another site");
    }
    // Nothing was changed: the accounts are as they were, and EC2 was not even asked.
    let accounts = console.db.accounts().list().await.expect("accounts");
    let summary: Vec<_> = accounts.iter().map(|a| (a.name.as_str(), a.role, a.disabled)).collect();
    assert_eq!(summary, [("admin", Role::Admin, false), ("eddie", Role::Editor, false), ("vera", Role::Viewer, false)]);
    assert_eq!(console.ec2_counters().await, BTreeMap::new(), "no EC2 call at all");
    // The viewer's refused attempts are in the audit log.
    let refused =
        console.audit().await.into_iter().filter(|e| e.user == "vera" && e.outcome != Outcome::Success).count();
    assert_eq!(refused, functions.len() - READ_ONLY.len());
}

#[tokio::test]
async fn signed_out_visits_go_to_sign_in_and_come_back() {
    let console = console().await;
    let page = console.get("/security-groups?region=us-east-1", None).await;
    assert_eq!(page.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&page), Some("/signin?next=%2Fsecurity-groups%3Fregion%3Dus-east-1"));
    for public in ["/signin", "/healthz"] {
        assert_eq!(console.get(public, None).await.status(), StatusCode::OK, "{public}");
    }
    let cookie = console.sign_in("eddie").await;
    assert_eq!(console.get("/security-groups?region=us-east-1", Some(&cookie)).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn next_is_followed_only_on_this_site() {
    let console = console().await;
    for outside in ["https://evil.example/", "//evil.example", "/\\evil.example"] {
        let form = format!("name=eddie&password={}&next={}", enc(PASSWORD), enc(outside));
        let response = console.post("/signin", &form, None).await;
        assert_eq!(location(&response), Some("/"), "{outside}");
    }
}

#[tokio::test]
async fn the_session_id_changes_at_sign_in_and_sign_out_ends_it() {
    let console = console().await;
    let first = console.sign_in("eddie").await;
    let response =
        console.post("/signin", &format!("name=eddie&password={}&next=%2Fglobal", enc(PASSWORD)), Some(&first)).await;
    let cookie = response.headers().get(header::SET_COOKIE).and_then(|v| v.to_str().ok()).expect("a cookie").to_owned();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), "{cookie}");
    assert!(!cookie.contains("Secure"), "not Secure without --secure-cookies: {cookie}");
    let second = session_cookie(&response).expect("a session cookie");
    assert_ne!(first, second, "a new session id at sign-in");
    assert_eq!(console.get("/global", Some(&first)).await.status(), StatusCode::SEE_OTHER, "the old id is gone");
    assert_eq!(console.get("/global", Some(&second)).await.status(), StatusCode::OK);

    let out = console.post("/signout", "", Some(&second)).await;
    assert_eq!(location(&out), Some("/signin"));
    assert_eq!(console.get("/global", Some(&second)).await.status(), StatusCode::SEE_OTHER, "signed out on the server");
}

#[tokio::test]
async fn secure_cookies_when_asked() {
    let console = console_with(&["--secure-cookies"], "192.0.2.10:50000").await;
    let response = console.post("/signin", &format!("name=eddie&password={}", enc(PASSWORD)), None).await;
    let cookie = response.headers().get(header::SET_COOKIE).and_then(|v| v.to_str().ok()).expect("a cookie");
    assert!(cookie.contains("Secure"), "{cookie}");
}

#[tokio::test]
async fn a_wrong_name_and_a_wrong_password_get_the_same_answer() {
    let console = console().await;
    let wrong_password = console.post("/signin", "name=eddie&password=not+the+password", None).await;
    let wrong_name = console.post("/signin", "name=nobody&password=not+the+password", None).await;
    assert_eq!(location(&wrong_password), Some("/signin?error=invalid&name=eddie&next=%2F"));
    assert_eq!(location(&wrong_name), Some("/signin?error=invalid&name=nobody&next=%2F"));
    assert!(session_cookie(&wrong_password).is_none());
}

#[tokio::test]
async fn failed_sign_ins_are_limited_per_account_and_per_address() {
    let console = console().await;
    for _ in 0..5 {
        let response = console.post("/signin", "name=eddie&password=wrong+password+1", None).await;
        assert!(location(&response).is_some_and(|l| l.starts_with("/signin?error=invalid")));
    }
    // The sixth try is refused before the password is checked, even the right one.
    let locked = console.post("/signin", &format!("name=eddie&password={}", enc(PASSWORD)), None).await;
    let to = location(&locked).expect("a redirect");
    assert!(to.starts_with("/signin?error=locked&wait=15"), "{to}");
    // Another account from the same address is not locked out by that.
    console.sign_in("vera").await;

    // 20 failures from one address lock the address, whatever the name.
    for n in 0..15 {
        console.post("/signin", &format!("name=guess{n}&password=wrong+password+1"), None).await;
    }
    let by_address = console.post("/signin", &format!("name=admin&password={}", enc(PASSWORD)), None).await;
    assert!(
        location(&by_address).is_some_and(|l| l.starts_with("/signin?error=locked")),
        "{:?}",
        location(&by_address)
    );
    // From another address, admin signs in on the same console.
    let mut elsewhere = request("POST", "/signin", None)
        .body(Body::from(format!("name=admin&password={}&next=%2Fglobal", enc(PASSWORD))))
        .expect("a request");
    let other: SocketAddr = "192.0.2.99:50000".parse().expect("an address");
    elsewhere.extensions_mut().insert(axum::extract::ConnectInfo(other));
    assert_eq!(location(&console.send(elsewhere).await), Some("/global"));
}

#[tokio::test]
async fn a_disabled_account_or_a_new_role_counts_at_the_next_request() {
    let console = console().await;
    let admin = console.sign_in("admin").await;
    let editor = console.sign_in("eddie").await;
    let path = server_functions().into_iter().find(|(n, _)| n == "set_user_role").expect("set_user_role").1;
    // eddie may read the Users list only as an admin: first not, then yes.
    let list = server_functions().into_iter().find(|(n, _)| n == "list_users").expect("list_users").1;
    assert_eq!(console.post(&list, "", Some(&editor)).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(console.post(&path, "name=eddie&role=admin", Some(&admin)).await.status(), StatusCode::OK);
    assert_eq!(console.post(&list, "", Some(&editor)).await.status(), StatusCode::OK);

    let disable = server_functions().into_iter().find(|(n, _)| n == "set_user_disabled").expect("set_user_disabled").1;
    assert_eq!(console.post(&disable, "name=eddie&disabled=true", Some(&admin)).await.status(), StatusCode::OK);
    assert_eq!(console.get("/global", Some(&editor)).await.status(), StatusCode::SEE_OTHER);
    let refused = console.post("/signin", &format!("name=eddie&password={}", enc(PASSWORD)), None).await;
    assert!(location(&refused).is_some_and(|l| l.starts_with("/signin?error=invalid")));
}

#[tokio::test]
async fn the_last_active_admin_stays() {
    let console = console().await;
    let admin = console.sign_in("admin").await;
    let functions = server_functions();
    let path = |name: &str| functions.iter().find(|(n, _)| n == name).expect("registered").1.clone();
    for (function, form) in [
        ("delete_user", "name=admin"),
        ("set_user_disabled", "name=admin&disabled=true"),
        ("set_user_role", "name=admin&role=editor"),
    ] {
        let response = console.post(&path(function), form, Some(&admin)).await;
        assert_eq!(response.status(), StatusCode::CONFLICT, "{function}");
        let error: AppError = serde_json::from_str(&body(response).await).expect("an AppError");
        assert_eq!(error.failure, Failure::Account(app::error::AccountError::LastAdmin));
    }
    // With a second admin, the first may go.
    assert_eq!(
        console.post(&path("set_user_role"), "name=eddie&role=admin", Some(&admin)).await.status(),
        StatusCode::OK
    );
    assert_eq!(console.post(&path("delete_user"), "name=admin", Some(&admin)).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn changes_from_other_sites_are_refused() {
    let console = console().await;
    let cookie = console.sign_in("admin").await;
    for (origin, referer) in
        [(Some("http://evil.example"), None), (None, Some("http://evil.example/page")), (None, None)]
    {
        let mut builder = Request::builder()
            .method("POST")
            .uri("/signout")
            .header(header::HOST, HOST)
            .header(header::COOKIE, &cookie);
        if let Some(origin) = origin {
            builder = builder.header(header::ORIGIN, origin);
        }
        if let Some(referer) = referer {
            builder = builder.header(header::REFERER, referer);
        }
        let response = console.send(builder.body(Body::empty()).expect("a request")).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "origin {origin:?}, referer {referer:?}");
    }
    // A Referer of the console's own is enough without an Origin.
    let own = Request::builder()
        .method("POST")
        .uri("/signout")
        .header(header::HOST, HOST)
        .header(header::COOKIE, &cookie)
        .header(header::REFERER, format!("{ORIGIN}/global"))
        .body(Body::empty())
        .expect("a request");
    assert_eq!(console.send(own).await.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn pages_have_a_content_security_policy_with_their_nonce() {
    let console = console().await;
    let page = console.get("/signin", None).await;
    let policy =
        page.headers().get(header::CONTENT_SECURITY_POLICY).and_then(|v| v.to_str().ok()).expect("a CSP").to_owned();
    assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
    assert_eq!(page.headers().get(header::X_CONTENT_TYPE_OPTIONS).map(|v| v.as_bytes()), Some(&b"nosniff"[..]));
    assert_eq!(page.headers().get("referrer-policy").map(|v| v.as_bytes()), Some(&b"same-origin"[..]));
    let nonce = policy.split("'nonce-").nth(1).and_then(|rest| rest.split('\'').next()).expect("a nonce").to_owned();
    let html = body(page).await;
    assert!(html.contains(&format!("nonce=\"{nonce}\"")), "the hydration script carries the nonce");
    assert!(!policy.contains("unsafe-inline"), "{policy}");
    let other = console.get("/healthz", None).await;
    assert_eq!(
        other.headers().get(header::CONTENT_SECURITY_POLICY).map(|v| v.as_bytes()),
        Some(&b"default-src 'none'; frame-ancestors 'none'"[..])
    );
}

#[tokio::test]
async fn a_trusted_proxy_names_the_user() {
    let flags = ["--trusted-header", "X-Forwarded-User", "--trusted-proxy", "192.0.2.0/24"];
    let console = console_with(&flags, "192.0.2.10:50000").await;
    let named = |name: &str| {
        request("GET", "/global", None).header("x-forwarded-user", name).body(Body::empty()).expect("a request")
    };
    assert_eq!(console.send(named("someone-new")).await.status(), StatusCode::OK, "a header user without an account");
    let users = server_functions().into_iter().find(|(n, _)| n == "list_users").expect("list_users").1;
    let as_admin =
        request("POST", &users, None).header("x-forwarded-user", "admin").body(Body::empty()).expect("a request");
    assert_eq!(console.send(as_admin).await.status(), StatusCode::OK, "an account's own role");
    let as_new =
        request("POST", &users, None).header("x-forwarded-user", "someone-new").body(Body::empty()).expect("a request");
    assert_eq!(console.send(as_new).await.status(), StatusCode::FORBIDDEN, "--header-role viewer");

    let untrusted = console_with(&flags, "198.51.100.7:50000").await;
    assert_eq!(untrusted.send(named("admin")).await.status(), StatusCode::SEE_OTHER, "ignored from elsewhere");
}

#[tokio::test]
async fn the_audit_log_records_every_kind_of_event() {
    let console = console().await;
    console.post("/signin", "name=eddie&password=wrong+password+1", None).await;
    let admin = console.sign_in("admin").await;
    let add = server_functions().into_iter().find(|(n, _)| n == "add_user").expect("add_user").1;
    let added = console.post(&add, "name=olga&password=another+long+one&role=editor", Some(&admin)).await;
    assert_eq!(added.status(), StatusCode::OK);
    let taken = console.post(&add, "name=OLGA&password=another+long+one&role=editor", Some(&admin)).await;
    assert_eq!(taken.status(), StatusCode::CONFLICT);
    console.post("/signout", "", Some(&admin)).await;

    let entries = console.audit().await;
    let find = |action: Action, user: &str| {
        entries
            .iter()
            .find(|e| e.action == action.as_str() && e.user == user)
            .unwrap_or_else(|| panic!("{action:?} by {user}"))
    };
    let failed = find(Action::SignInFailed, "eddie");
    assert_eq!(failed.address, "192.0.2.10");
    assert!(matches!(&failed.outcome, Outcome::Failure { code, .. } if code == "InvalidCredentials"));
    assert_eq!(find(Action::SignIn, "admin").role, Some(Role::Admin));
    assert_eq!(find(Action::SignOut, "admin").outcome, Outcome::Success);
    let adds: Vec<_> = entries.iter().filter(|e| e.action == "user-add" && e.user == "admin").collect();
    assert_eq!(adds.len(), 2);
    // Newest first: the refused duplicate, then the addition.
    assert!(matches!(&adds[0].outcome, Outcome::Failure { code, .. } if code == "NameTaken"));
    assert_eq!(adds[1].outcome, Outcome::Success);
    assert_eq!(adds[1].targets, ["olga"]);
    assert_eq!(adds[1].change["after"]["role"], "editor");
    assert!(!adds[1].change.to_string().contains("another long one"), "no password in the log");

    // Filters: by user, action and outcome.
    let query = ActivityQuery {
        user: "admin".into(),
        action: "user-add".into(),
        outcome: "failure".into(),
        ..Default::default()
    };
    let page = console.db.audit().page(&query).await.expect("a page");
    assert_eq!(page.matching, 1);

    // The download is JSON Lines, one entry a line, for a signed-in person only.
    let cookie = console.sign_in("vera").await;
    let download = console.get("/activity/download?action=user-add", Some(&cookie)).await;
    assert_eq!(download.status(), StatusCode::OK);
    let text = body(download).await;
    let lines: Vec<serde_json::Value> = text.lines().map(|l| serde_json::from_str(l).expect("JSON")).collect();
    assert_eq!(lines.len(), 2 + 3, "two by admin and the three test accounts");
    assert_eq!(console.get("/activity/download", None).await.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_change_whose_intent_cannot_be_written_is_not_made() {
    let console = console().await;
    let admin = console.sign_in("admin").await;
    break_the_audit_log(&console.db).await;
    let add = server_functions().into_iter().find(|(n, _)| n == "add_user").expect("add_user").1;
    let response = console.post(&add, "name=olga&password=another+long+one&role=editor", Some(&admin)).await;
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    let error: AppError = serde_json::from_str(&body(response).await).expect("an AppError");
    assert!(matches!(error.failure, Failure::AuditUnavailable(_)), "{error:?}");
    assert_eq!(console.db.accounts().by_name("olga").await.expect("reads"), None, "nothing was changed");
}

#[tokio::test]
async fn audit_entries_cannot_be_changed_or_deleted() {
    let console = console().await;
    console.sign_in("admin").await;
    for statement in [
        "UPDATE audit_entries SET \"user\" = 'someone else'",
        "DELETE FROM audit_entries",
        "UPDATE audit_outcomes SET result = 'success'",
        "DELETE FROM audit_outcomes",
    ] {
        let error = sqlx::query(statement).execute(console.db.pool()).await.expect_err(statement);
        assert!(error.to_string().contains("append-only"), "{statement}: {error}");
    }
    assert!(console.audit().await.iter().any(|e| e.action == "sign-in"));
}

#[tokio::test]
async fn sessions_end_after_the_idle_and_the_absolute_timeout() {
    let idle = console_with(&["--idle-timeout", "1s"], "192.0.2.10:50000").await;
    let cookie = idle.sign_in("eddie").await;
    assert_eq!(idle.get("/global", Some(&cookie)).await.status(), StatusCode::OK);
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    assert_eq!(idle.get("/global", Some(&cookie)).await.status(), StatusCode::SEE_OTHER, "idle too long");

    let absolute = console_with(&["--absolute-timeout", "2s"], "192.0.2.10:50000").await;
    let cookie = absolute.sign_in("eddie").await;
    // Active all along, and still signed out once the absolute timeout has passed.
    for _ in 0..2 {
        tokio::time::sleep(std::time::Duration::from_millis(900)).await;
        assert_eq!(absolute.get("/global", Some(&cookie)).await.status(), StatusCode::OK);
    }
    tokio::time::sleep(std::time::Duration::from_millis(600)).await;
    assert_eq!(absolute.get("/global", Some(&cookie)).await.status(), StatusCode::SEE_OTHER, "signed in too long");
}

#[tokio::test]
async fn the_first_start_creates_an_admin_with_a_generated_password() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let data_dir = dir.path().to_str().expect("a UTF-8 path").to_owned();
    let config =
        Config::try_parse_from(["sg-console", "--data-dir", &data_dir, "--regions", "us-east-1"]).expect("flags");
    let options = leptos::config::LeptosOptions::builder().output_name("sg-console").build();
    let console = server::console(&config, options).await.expect("the console starts");
    let accounts = console.state.db.accounts().list().await.expect("accounts");
    assert_eq!(accounts.len(), 1);
    assert_eq!((accounts[0].name.as_str(), accounts[0].role, accounts[0].disabled), ("admin", Role::Admin, false));
    // No password anyone could know: the usual ones do not sign in.
    for guess in ["admin", "password", "adminadminadmin", PASSWORD] {
        assert_eq!(console.state.db.accounts().verify("admin", guess).await.expect("verifies"), None);
    }
    let entries = console.state.db.audit().entries(&ActivityQuery::default(), None).await.expect("entries");
    assert_eq!((entries[0].user.as_str(), entries[0].action.as_str()), ("sg-console", "user-add"));
    // A second start leaves the accounts alone.
    drop(console);
    let options = leptos::config::LeptosOptions::builder().output_name("sg-console").build();
    let again = server::console(&config, options).await.expect("the console starts again");
    assert_eq!(again.state.db.accounts().count().await.expect("count"), 1);
}

#[tokio::test]
async fn the_user_commands_say_what_is_wrong() {
    use server::config::UserCommand;

    let console = console().await;
    let run = |command: UserCommand, password: &'static str| {
        server::cli::run(console.db.clone(), command, move || Ok(password.to_owned()))
    };
    let add = |name: &str| UserCommand::Add { name: name.into(), role: Role::Editor };

    assert_eq!(run(add("Eddie"), PASSWORD).await, Err("the user name Eddie is taken".into()));
    assert_eq!(run(add("olga"), "").await, Err("the password is empty".into()));
    assert_eq!(
        run(add("olga"), "short one").await,
        Err("the password is too short: use at least 12 characters".into())
    );
    assert!(run(add("olga ops"), PASSWORD).await.is_err_and(|e| e.contains("no spaces")));
    let unknown = UserCommand::SetRole { name: "nobody".into(), role: Role::Admin };
    assert_eq!(run(unknown, "").await, Err("there is no account named nobody".into()));
    assert_eq!(
        run(UserCommand::Password { name: "nobody".into() }, PASSWORD).await,
        Err("there is no account named nobody".into())
    );
    assert_eq!(
        run(UserCommand::Disable { name: "admin".into() }, "").await,
        Err("that would leave no active admin: make another account an admin first".into())
    );

    assert_eq!(run(add("olga"), "a long enough password").await, Ok(()));
    assert_eq!(run(UserCommand::SetRole { name: "olga".into(), role: Role::Admin }, "").await, Ok(()));
    assert_eq!(run(UserCommand::Password { name: "olga".into() }, "another long password").await, Ok(()));
    assert!(console.db.accounts().verify("olga", "another long password").await.expect("verifies").is_some());
    assert_eq!(run(UserCommand::Disable { name: "olga".into() }, "").await, Ok(()));
    assert_eq!(console.db.accounts().verify("olga", "another long password").await.expect("verifies"), None);
    // Each change is in the audit log, as the person who ran the command.
    let changes = console.audit().await.into_iter().filter(|e| e.targets == ["olga"]).count();
    assert_eq!(changes, 6, "two refused additions, then four changes made");
}

#[tokio::test]
async fn a_restart_signs_nobody_out() {
    let console = console().await;
    let cookie = console.sign_in("eddie").await;
    let Console { _dir: dir, sandbox, .. } = console;
    if let Some(sandbox) = sandbox {
        sandbox.shutdown().await;
    }
    let restarted = console_in(dir, &[], "192.0.2.10:50000").await;
    assert_eq!(restarted.get("/global", Some(&cookie)).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_new_password_ends_the_sessions_and_a_deleted_account_stays_signed_out() {
    use server::config::UserCommand;

    let console = console().await;
    let cookie = console.sign_in("eddie").await;
    let change = UserCommand::Password { name: "eddie".into() };
    server::cli::run(console.db.clone(), change, || Ok("a brand new password".into())).await.expect("changed");
    assert_eq!(console.get("/global", Some(&cookie)).await.status(), StatusCode::SEE_OTHER);

    // A new account never gets a deleted one's id, which its old sessions name.
    add_account(&console.db, "newest", Role::Viewer).await;
    let old = console.sign_in("newest").await;
    let admin = console.sign_in("admin").await;
    let delete = server_functions().into_iter().find(|(n, _)| n == "delete_user").expect("delete_user").1;
    assert_eq!(console.post(&delete, "name=newest", Some(&admin)).await.status(), StatusCode::OK);
    add_account(&console.db, "successor", Role::Admin).await;
    assert_eq!(console.get("/global", Some(&old)).await.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_mixed_edit_makes_one_call_of_each_kind_and_keeps_ids_and_tags() {
    let console = console().await;
    let editor = console.sign_in("eddie").await;
    let web = console.group("web").await;
    let https =
        web.inbound.iter().find(|r| r.from_port == 443 && r.peer == Peer::Ipv4("0.0.0.0/0".into())).expect("HTTPS");
    assert!(!https.tags.is_empty(), "the demo tags its HTTPS rules");

    console.reset_ec2_counters().await;
    let response = console.call("save_rules", &rules_form(&web, &web.inbound, &mixed_edit(&web)), &editor).await;
    assert_eq!(response.status(), StatusCode::OK, "{}", body(response).await);
    let counters = console.ec2_counters().await;
    let writes: BTreeMap<&str, u64> =
        counters.iter().filter(|(a, _)| !a.starts_with("Describe")).map(|(a, n)| (a.as_str(), *n)).collect();
    assert_eq!(
        writes,
        BTreeMap::from([
            ("AuthorizeSecurityGroupIngress", 1),
            ("ModifySecurityGroupRules", 1),
            ("RevokeSecurityGroupIngress", 1)
        ]),
        "all calls: {counters:?}"
    );

    let after = console.group("web").await;
    let moved = after.inbound.iter().find(|r| r.id == https.id).expect("the same rule id");
    assert_eq!((moved.from_port, moved.to_port), (8443, 8443));
    assert_eq!(moved.tags, https.tags, "tags survive an in-place change");
    assert!(!after.inbound.iter().any(|r| r.from_port == 80 && r.peer == Peer::Ipv6("::/0".into())));
    assert!(after.inbound.iter().any(|r| r.from_port == 22 && r.peer == Peer::Ipv4("203.0.113.7/32".into())));

    let entry = console.audit().await.into_iter().find(|e| e.action == "rules-edit").expect("an audit entry");
    assert_eq!((entry.user.as_str(), &entry.outcome), ("eddie", &Outcome::Success));
    assert_eq!(entry.targets, std::slice::from_ref(&web.id));
    assert_eq!(entry.ec2_request_ids.len(), 3, "one request id per write call: {entry:?}");
    assert_eq!(entry.change["changes"]["removed"].as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn an_edit_of_rules_that_changed_meanwhile_is_refused() {
    let console = console().await;
    let editor = console.sign_in("eddie").await;
    let web = console.group("web").await;
    // Another tab saves first.
    let first = console.call("save_rules", &rules_form(&web, &web.inbound, &mixed_edit(&web)), &editor).await;
    assert_eq!(first.status(), StatusCode::OK);
    console.reset_ec2_counters().await;
    let rows: Vec<RuleRow> = web.inbound.iter().skip(1).map(RuleRow::from_rule).collect();
    let stale = console.call("save_rules", &rules_form(&web, &web.inbound, &rows), &editor).await;
    assert_eq!(stale.status(), StatusCode::CONFLICT);
    let error: AppError = serde_json::from_str(&body(stale).await).expect("an AppError");
    let Failure::RulesChanged(meanwhile) = error.failure else { panic!("{error:?}") };
    assert_eq!((meanwhile.added.len(), meanwhile.changed.len(), meanwhile.removed.len()), (1, 1, 1));
    assert!(console.ec2_counters().await.keys().all(|a| a.starts_with("Describe")), "nothing was changed");
}

#[tokio::test]
async fn a_save_that_fails_half_way_says_exactly_what_was_made() {
    let console = console().await;
    let editor = console.sign_in("eddie").await;
    let web = console.group("web").await;
    console.set_faults(serde_json::json!({ "fail_next": "AuthorizeSecurityGroupIngress" })).await;
    let response = console.call("save_rules", &rules_form(&web, &web.inbound, &mixed_edit(&web)), &editor).await;
    assert_eq!(response.status(), StatusCode::BAD_GATEWAY);
    let error: AppError = serde_json::from_str(&body(response).await).expect("an AppError");
    let Failure::PartlyApplied(partly) = error.failure else { panic!("{error:?}") };
    use app::model::Call;
    assert_eq!(partly.done.iter().map(|s| s.call).collect::<Vec<_>>(), [Call::Revoke, Call::Modify]);
    assert_eq!(partly.failed.call, Call::Authorize);
    assert!(partly.not_done.is_empty());
    assert_eq!(partly.error.code, "UnauthorizedOperation");
    // The rules now: as EC2 has them, the revoke and the modify made, the SSH rule not added.
    let now = console.group("web").await.inbound;
    assert_eq!(partly.rules_now.as_ref().map(|r| r.len()), Some(now.len()));
    assert!(!now.iter().any(|r| r.from_port == 22));

    let entry = console.audit().await.into_iter().find(|e| e.action == "rules-edit").expect("an audit entry");
    let Outcome::Failure { code, message } = &entry.outcome else { panic!("{entry:?}") };
    assert_eq!(code, "UnauthorizedOperation");
    assert!(message.contains("made: Revoke") && message.contains("failed: Authorize"), "{message}");
    assert_eq!(entry.ec2_request_ids.len(), 3, "the failed call's request id too");
}

#[tokio::test]
async fn a_change_to_ec2_whose_intent_cannot_be_written_is_not_made() {
    let console = console().await;
    let editor = console.sign_in("eddie").await;
    let web = console.group("web").await;
    break_the_audit_log(&console.db).await;
    console.reset_ec2_counters().await;
    let response = console.call("save_rules", &rules_form(&web, &web.inbound, &mixed_edit(&web)), &editor).await;
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    let writes: Vec<String> = console.ec2_counters().await.into_keys().filter(|a| !a.starts_with("Describe")).collect();
    assert_eq!(writes, Vec::<String>::new(), "no EC2 write call");
}

#[tokio::test]
async fn bad_rows_are_refused_before_ec2_is_asked_to_change_anything() {
    let console = console().await;
    let editor = console.sign_in("eddie").await;
    let web = console.group("web").await;
    let mut rows: Vec<RuleRow> = web.inbound.iter().map(RuleRow::from_rule).collect();
    rows.push(RuleRow { ports: "70000".into(), peer: "10.0.0.0/8".into(), ..RuleRow::default() });
    console.reset_ec2_counters().await;
    let response = console.call("save_rules", &rules_form(&web, &web.inbound, &rows), &editor).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let error: AppError = serde_json::from_str(&body(response).await).expect("an AppError");
    assert_eq!(error.failure, Failure::FormProblems(1));
    let unchanged: Vec<RuleRow> = web.inbound.iter().map(RuleRow::from_rule).collect();
    let nothing = console.call("save_rules", &rules_form(&web, &web.inbound, &unchanged), &editor).await;
    assert_eq!(nothing.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(console.ec2_counters().await.keys().all(|a| a.starts_with("Describe")));
}

#[tokio::test]
async fn rule_tags_and_deleting_rules() {
    let console = console().await;
    let editor = console.sign_in("eddie").await;
    let web = console.group("web").await;
    let ids: Vec<String> = web.inbound.iter().filter(|r| r.from_port == 80).filter_map(|r| r.id.clone()).collect();
    assert_eq!(ids.len(), 2);

    // Tag both HTTP rules: one CreateTags call for both.
    console.reset_ec2_counters().await;
    let mut pairs = vec![
        ("region".to_owned(), "us-east-1".to_owned()),
        ("id".to_owned(), web.id.clone()),
        ("opened".to_owned(), "[]".to_owned()),
        ("tags[0][key]".to_owned(), "owner".to_owned()),
        ("tags[0][value]".to_owned(), "web-team".to_owned()),
    ];
    pairs.extend(ids.iter().enumerate().map(|(i, id)| (format!("rules[{i}]"), id.clone())));
    let tagged = console.call("save_tags", &form(&pairs), &editor).await;
    assert_eq!(tagged.status(), StatusCode::OK, "{}", body(tagged).await);
    assert_eq!(console.ec2_counters().await.get("CreateTags"), Some(&1));
    let after = console.group("web").await;
    for id in &ids {
        let rule = after.inbound.iter().find(|r| r.id.as_ref() == Some(id)).expect("the rule");
        assert!(rule.tags.iter().any(|t| t.key == "owner" && t.value == "web-team"), "{rule:?}");
    }
    // A tag key AWS reserves is refused.
    pairs[3].1 = "aws:owner".into();
    pairs[2].1 = r#"[{"key":"owner","value":"web-team"}]"#.into();
    assert_eq!(console.call("save_tags", &form(&pairs), &editor).await.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // Delete both in one Revoke.
    console.reset_ec2_counters().await;
    let mut delete = vec![
        ("region".to_owned(), "us-east-1".to_owned()),
        ("id".to_owned(), web.id.clone()),
        ("direction".to_owned(), "inbound".to_owned()),
    ];
    delete.extend(ids.iter().enumerate().map(|(i, id)| (format!("rules[{i}]"), id.clone())));
    let deleted = console.call("delete_rules", &form(&delete), &editor).await;
    assert_eq!(deleted.status(), StatusCode::OK);
    assert_eq!(
        location(&deleted),
        Some(format!("/security-groups/us-east-1/{}?tab=inbound&notice=rules-deleted&count=2", web.id).as_str())
    );
    assert_eq!(console.ec2_counters().await.get("RevokeSecurityGroupIngress"), Some(&1));
    assert!(!console.group("web").await.inbound.iter().any(|r| r.from_port == 80));
    // Again: the rules are gone, and the answer says so.
    let again = console.call("delete_rules", &form(&delete), &editor).await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
}

#[tokio::test]
async fn a_new_description_alone_is_one_call_that_touches_nothing_else() {
    let console = console().await;
    let editor = console.sign_in("eddie").await;
    let web = console.group("web").await;
    let mut rows: Vec<RuleRow> = web.inbound.iter().map(RuleRow::from_rule).collect();
    let http = rows.iter_mut().find(|r| r.description == "HTTP redirect to HTTPS").expect("the HTTP rule");
    http.description = "HTTP, redirected to HTTPS".into();
    let id = http.id.clone();
    console.reset_ec2_counters().await;
    let response = console.call("save_rules", &rules_form(&web, &web.inbound, &rows), &editor).await;
    assert_eq!(response.status(), StatusCode::OK);
    let writes: Vec<(String, u64)> =
        console.ec2_counters().await.into_iter().filter(|(a, _)| !a.starts_with("Describe")).collect();
    assert_eq!(writes, [("UpdateSecurityGroupRuleDescriptionsIngress".to_owned(), 1)]);
    let after = console.group("web").await;
    let rule = after.inbound.iter().find(|r| r.id.as_deref() == Some(id.as_str())).expect("the same rule");
    assert_eq!(rule.description.as_deref(), Some("HTTP, redirected to HTTPS"));
}

/// `create_group`'s form: a group `name` in `vpc_id` with these rows and a tag.
fn create_form(name: &str, vpc_id: &str, inbound: &[RuleRow], outbound: &[RuleRow]) -> String {
    let mut pairs = vec![
        ("region".to_owned(), "us-east-1".to_owned()),
        ("name".to_owned(), name.to_owned()),
        ("description".to_owned(), "API servers".to_owned()),
        ("vpc_id".to_owned(), vpc_id.to_owned()),
        ("tags[0][key]".to_owned(), "team".to_owned()),
        ("tags[0][value]".to_owned(), "api".to_owned()),
    ];
    for (i, row) in inbound.iter().enumerate() {
        pairs.extend(row.fields("inbound", i));
    }
    for (i, row) in outbound.iter().enumerate() {
        pairs.extend(row.fields("outbound", i));
    }
    form(&pairs)
}

fn writes(counters: &BTreeMap<String, u64>) -> BTreeMap<&str, u64> {
    counters.iter().filter(|(a, _)| !a.starts_with("Describe")).map(|(a, n)| (a.as_str(), *n)).collect()
}

#[tokio::test]
async fn a_group_is_created_with_its_rules_and_tags_in_the_fewest_calls() {
    let console = console().await;
    let editor = console.sign_in("eddie").await;
    let prod = console.group("web").await.vpc_id;
    let inbound = [
        RuleRow { kind: "https".into(), peer: "10.0.0.0/8".into(), ..RuleRow::default() },
        RuleRow {
            ports: "8080".into(),
            peer: app::model::NEW_GROUP.into(),
            description: "from itself".into(),
            ..RuleRow::default()
        },
    ];
    // The default outbound rules, kept: prod has IPv6, so both.
    let outbound: Vec<RuleRow> = app::model::GroupForm::new(&prod, true).outbound;
    console.reset_ec2_counters().await;
    let response = console.call("create_group", &create_form("api", &prod, &inbound, &outbound), &editor).await;
    assert_eq!(response.status(), StatusCode::OK, "{}", body(response).await);
    assert_eq!(
        writes(&console.ec2_counters().await),
        BTreeMap::from([("AuthorizeSecurityGroupIngress", 1), ("CreateSecurityGroup", 1)])
    );
    let api = console.group("api").await;
    assert_eq!(api.tags, [app::model::Tag { key: "team".into(), value: "api".into() }]);
    assert_eq!(api.inbound.len(), 2);
    assert!(api.inbound.iter().any(|r| matches!(&r.peer, Peer::Group { id, .. } if *id == api.id)), "{api:?}");
    assert_eq!(api.outbound.len(), 2);

    // The name is EC2's to refuse, in its own words.
    let again = console.call("create_group", &create_form("API", &prod, &inbound, &outbound), &editor).await;
    let error: AppError = serde_json::from_str(&body(again).await).expect("an AppError");
    assert!(matches!(&error.failure, Failure::Ec2(e) if e.code == "InvalidGroup.Duplicate"), "{error:?}");
}

#[tokio::test]
async fn a_new_group_without_the_default_outbound_rule_revokes_it_once() {
    let console = console().await;
    let editor = console.sign_in("eddie").await;
    let prod = console.group("web").await.vpc_id;
    let outbound = [RuleRow { kind: "https".into(), peer: "0.0.0.0/0".into(), ..RuleRow::default() }];
    console.reset_ec2_counters().await;
    let response = console.call("create_group", &create_form("egress-only", &prod, &[], &outbound), &editor).await;
    assert_eq!(response.status(), StatusCode::OK, "{}", body(response).await);
    assert_eq!(
        writes(&console.ec2_counters().await),
        BTreeMap::from([
            ("AuthorizeSecurityGroupEgress", 1),
            ("CreateSecurityGroup", 1),
            ("RevokeSecurityGroupEgress", 1)
        ])
    );
    let created = console.group("egress-only").await;
    assert_eq!(created.outbound.len(), 1);
    assert_eq!(created.outbound[0].from_port, 443);
}

#[tokio::test]
async fn a_new_group_whose_rules_fail_is_deleted_again() {
    let console = console().await;
    let editor = console.sign_in("eddie").await;
    let prod = console.group("web").await.vpc_id;
    let inbound = [RuleRow { kind: "ssh".into(), peer: "10.0.0.0/8".into(), ..RuleRow::default() }];
    console.set_faults(serde_json::json!({ "fail_next": "AuthorizeSecurityGroupIngress" })).await;
    let response = console.call("create_group", &create_form("doomed", &prod, &inbound, &[]), &editor).await;
    assert_eq!(response.status(), StatusCode::BAD_GATEWAY);
    let error: AppError = serde_json::from_str(&body(response).await).expect("an AppError");
    assert!(
        matches!(&error.failure, Failure::NotCreated(not) if not.deleted && not.error.code == "UnauthorizedOperation"),
        "{error:?}"
    );
    let ec2 = console.ec2.region("us-east-1", Default::default()).expect("us-east-1");
    assert!(!ec2.security_groups().await.expect("groups").iter().any(|g| g.name == "doomed"), "the group is gone");
    let entry = console.audit().await.into_iter().find(|e| e.action == "group-create").expect("an audit entry");
    let Outcome::Failure { code, message } = &entry.outcome else { panic!("{entry:?}") };
    assert_eq!(code, "UnauthorizedOperation");
    assert!(message.contains("deleted again: true"), "{message}");
    assert_eq!(entry.ec2_request_ids.len(), 3, "create, the failed authorize, delete");

    // Bad fields are refused before EC2 is asked to create anything.
    console.reset_ec2_counters().await;
    let bad = console.call("create_group", &create_form("sg-nope", &prod, &inbound, &[]), &editor).await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(writes(&console.ec2_counters().await), BTreeMap::new());
}

#[tokio::test]
async fn the_group_form_opens_in_the_default_vpc_and_a_copy_elsewhere_names_only_that_vpcs_groups() {
    use app::api::groups::GroupFormData;
    use app::model::PeerGroup;

    let console = console().await;
    let editor = console.sign_in("eddie").await;
    let web = console.group("web").await;
    let new = console.call("get_group_form", "region=us-east-1&vpc_id=&source=", &editor).await;
    assert_eq!(new.status(), StatusCode::OK);
    let new: GroupFormData = serde_json::from_str(&body(new).await).expect("the form's data");
    let default = new.vpcs.iter().find(|v| v.is_default).expect("a default VPC");
    assert_eq!(new.vpc_id, default.id);
    assert!(new.source.is_none());

    // A copy of web opens in web's VPC, where its rules' groups are; in the default VPC, none
    // of prod's groups may be named, and the server refuses a rule that names one.
    let form = |vpc: &str| format!("region=us-east-1&vpc_id={vpc}&source={}", web.id);
    let copy: GroupFormData =
        serde_json::from_str(&body(console.call("get_group_form", &form(""), &editor).await).await).expect("data");
    assert_eq!(
        (copy.vpc_id.as_str(), copy.source.as_ref().map(|s| s.id.as_str())),
        (web.vpc_id.as_str(), Some(web.id.as_str()))
    );
    // The form's data holds the groups the copy's rules name; the VPC's others are read when the
    // browser asks for them for the suggestions (a GET, for anyone signed in).
    let named: Vec<&str> = web
        .inbound
        .iter()
        .chain(&web.outbound)
        .filter_map(|r| match &r.peer {
            Peer::Group { id, .. } => Some(id.as_str()),
            _ => None,
        })
        .collect();
    assert!(copy.peers.groups.iter().all(|g| named.contains(&g.id.as_str())), "{:?}", copy.peers.groups);
    let vpc_groups_path = server_functions().into_iter().find(|(n, _)| n == "get_vpc_groups").expect("registered").1;
    let vpc_groups = |vpc: String, cookie: Option<String>| {
        let (console, path) = (&console, vpc_groups_path.clone());
        async move { console.get(&format!("{path}?region=us-east-1&vpc_id={vpc}"), cookie.as_deref()).await }
    };
    assert_eq!(vpc_groups(web.vpc_id.clone(), None).await.status(), StatusCode::UNAUTHORIZED);
    let in_vpc = |answer: String| serde_json::from_str::<Vec<PeerGroup>>(&answer).expect("the VPC's groups");
    let webs_vpc = in_vpc(body(vpc_groups(web.vpc_id.clone(), Some(editor.clone())).await).await);
    assert!(webs_vpc.iter().any(|g| g.id == web.id), "{webs_vpc:?}");
    let default_vpc = in_vpc(body(vpc_groups(default.id.clone(), Some(editor.clone())).await).await);
    assert!(!default_vpc.is_empty() && !default_vpc.iter().any(|g| g.id == web.id), "{default_vpc:?}");
    let elsewhere: GroupFormData =
        serde_json::from_str(&body(console.call("get_group_form", &form(&default.id), &editor).await).await)
            .expect("data");
    assert_eq!(elsewhere.vpc_id, default.id);
    assert!(!elsewhere.peers.groups.iter().any(|g| g.id == web.id), "{:?}", elsewhere.peers.groups);

    let naming_web = [RuleRow { ports: "8080".into(), peer: web.id.clone(), ..RuleRow::default() }];
    console.reset_ec2_counters().await;
    let refused = console.call("create_group", &create_form("web-copy", &default.id, &naming_web, &[]), &editor).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(writes(&console.ec2_counters().await), BTreeMap::new());
}

#[tokio::test]
async fn used_by_names_interfaces_and_instances_launch_templates_and_referencing_rules() {
    use app::model::{Direction, GroupUsage};

    let console = console().await;
    let viewer = console.sign_in("vera").await;
    let (web, app) = (console.group("web").await, console.group("app").await);
    let usage = |id: String| {
        let console = &console;
        let viewer = viewer.clone();
        async move {
            let response = console.call("get_group_usage", &format!("region=us-east-1&id={id}"), &viewer).await;
            assert_eq!(response.status(), StatusCode::OK);
            serde_json::from_str::<GroupUsage>(&body(response).await).expect("the usage")
        }
    };
    let web_usage = usage(web.id.clone()).await;
    let mut instances: Vec<(Option<String>, String)> = web_usage
        .interfaces
        .iter()
        .map(|i| i.instance.as_ref().map(|i| (i.name.clone(), i.state.clone())).expect("attached"))
        .collect();
    instances.sort();
    assert_eq!(
        instances,
        [(Some("web-1".to_owned()), "running".to_owned()), (Some("web-2".to_owned()), "running".to_owned())]
    );
    assert_eq!(web_usage.templates.len(), 1);
    assert_eq!(
        (web_usage.templates[0].name.as_str(), web_usage.templates[0].versions.as_slice()),
        ("web-server", &[1][..])
    );
    assert_eq!(web_usage.rules.len(), 1);
    let rule = &web_usage.rules[0];
    assert_eq!(
        (rule.group_id.as_str(), rule.direction, rule.rule.from_port),
        (app.id.as_str(), Direction::Inbound, 8080)
    );

    assert!(usage(console.group("unused").await.id).await.is_empty(), "the unused group is used by nothing");
}

/// A new group of prod, with an inbound rule from each group of `from`: its id.
async fn prod_group(console: &Console, name: &str, from: &[&str]) -> String {
    let prod = console.group("web").await.vpc_id;
    let inbound: Vec<RuleRow> =
        from.iter().map(|id| RuleRow { ports: "5432".into(), peer: (*id).to_owned(), ..RuleRow::default() }).collect();
    let admin = console.sign_in("admin").await;
    let response = console.call("create_group", &create_form(name, &prod, &inbound, &[]), &admin).await;
    assert_eq!(response.status(), StatusCode::OK, "{}", body(response).await);
    console.group(name).await.id
}

/// `delete_groups`' form for `ids`.
fn delete_form(ids: &[&str], confirm: &str, fix: bool) -> String {
    let mut pairs: Vec<(String, String)> =
        vec![("region".into(), "us-east-1".into()), ("confirm".into(), confirm.into())];
    pairs.extend(ids.iter().enumerate().map(|(i, id)| (format!("groups[{i}]"), (*id).to_owned())));
    if fix {
        pairs.push(("fix".into(), "true".into()));
    }
    form(&pairs)
}

#[tokio::test]
async fn each_reason_a_delete_is_blocked_is_found() {
    use app::model::{Blocker, DeleteCheck};

    let console = console().await;
    let admin = console.sign_in("admin").await;
    let (web, app) = (console.group("web").await, console.group("app").await);
    let default = console.group("default").await;
    let lonely = prod_group(&console, "lonely", &[]).await;
    let selfish = prod_group(&console, "selfish", &[app::model::NEW_GROUP]).await;
    let ids = [web.id.as_str(), default.id.as_str(), lonely.as_str(), selfish.as_str()];
    let query: Vec<(String, String)> = std::iter::once(("region".to_owned(), "us-east-1".to_owned()))
        .chain(ids.iter().enumerate().map(|(i, id)| (format!("groups[{i}]"), (*id).to_owned())))
        .collect();
    let response = console.call("get_delete_checks", &form(&query), &admin).await;
    assert_eq!(response.status(), StatusCode::OK);
    let checks: Vec<DeleteCheck> = serde_json::from_str(&body(response).await).expect("the checks");

    // web: on web-1 and web-2's interfaces, and named by a rule of app.
    assert!(matches!(&checks[0].blockers[0], Blocker::Interfaces(on) if on.len() == 2), "{:?}", checks[0]);
    assert!(matches!(&checks[0].blockers[1], Blocker::Rules(rules) if rules[0].group_id == app.id));
    assert!(!checks[0].fixable());
    assert!(checks[1].blockers.contains(&Blocker::DefaultGroup), "{:?}", checks[1]);
    assert!(checks[2].deletable());
    // A rule of its own names it: EC2 wants that rule removed first.
    assert!(matches!(&checks[3].blockers[..], [Blocker::Rules(rules)] if rules[0].group_id == selfish));
    assert!(checks[3].fixable());
}

#[tokio::test]
async fn groups_are_deleted_each_on_its_own_and_the_guided_fix_revokes_the_referencing_rules() {
    use app::model::DeleteOutcome;

    let console = console().await;
    let admin = console.sign_in("admin").await;
    let target = prod_group(&console, "target", &[]).await;
    let referrer = prod_group(&console, "referrer", &[target.as_str()]).await;
    let lonely = prod_group(&console, "lonely", &[]).await;

    // An editor may not; nor may anyone without the confirmation word.
    let editor = console.sign_in("eddie").await;
    let refused = console.call("delete_groups", &delete_form(&[&lonely], "delete", false), &editor).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    console.reset_ec2_counters().await;
    let unconfirmed = console.call("delete_groups", &delete_form(&[&lonely], "Delete", false), &admin).await;
    assert_eq!(unconfirmed.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(writes(&console.ec2_counters().await), BTreeMap::new());

    // Two at once, one of them referenced: one failure hides no other.
    let both = console.call("delete_groups", &delete_form(&[&target, &lonely], "delete", false), &admin).await;
    assert_eq!(both.status(), StatusCode::OK);
    let outcomes: Vec<DeleteOutcome> = serde_json::from_str(&body(both).await).expect("the outcomes");
    assert_eq!(outcomes[0].failed.as_deref(), Some("DependencyViolation"), "{outcomes:?}");
    assert_eq!((outcomes[1].name.as_str(), outcomes[1].failed.as_deref()), ("lonely", None));

    // The guided fix: the referencing rule revoked, then the group deleted, in one entry.
    console.reset_ec2_counters().await;
    let fixed = console.call("delete_groups", &delete_form(&[&target], "delete", true), &admin).await;
    let outcomes: Vec<DeleteOutcome> = serde_json::from_str(&body(fixed).await).expect("the outcomes");
    assert_eq!((outcomes[0].failed.as_deref(), outcomes[0].revoked.len()), (None, 1), "{outcomes:?}");
    assert_eq!(
        writes(&console.ec2_counters().await),
        BTreeMap::from([("DeleteSecurityGroup", 1), ("RevokeSecurityGroupIngress", 1)])
    );
    let ec2 = console.ec2.region("us-east-1", Default::default()).expect("us-east-1");
    let left: Vec<String> = ec2.security_groups().await.expect("groups").into_iter().map(|g| g.id).collect();
    assert!(!left.contains(&target) && !left.contains(&lonely) && left.contains(&referrer));
    assert!(console.group("referrer").await.inbound.is_empty(), "its rule naming target is gone");
    let entries: Vec<_> = console.audit().await.into_iter().filter(|e| e.action == "group-delete").collect();
    assert_eq!(entries.len(), 4, "one per group and attempt, the refused editor's included");
}

/// The demo instance `name` of us-east-1 as the Instances page lists it.
async fn demo_instance(console: &Console, name: &str, cookie: &str) -> app::model::Instance {
    use app::api::instances::InstancesPage;

    let response = console.call("list_instances", "region=us-east-1&query%5Bpage%5D=1", cookie).await;
    assert_eq!(response.status(), StatusCode::OK);
    let page: InstancesPage = serde_json::from_str(&body(response).await).expect("the instances");
    page.rows.into_iter().find(|i| i.name.as_deref() == Some(name)).expect("the demo instance")
}

/// `change_instance_groups`' form: `groups` on the instance's primary interface.
fn instance_form(instance: &str, groups: &[&str]) -> String {
    let mut pairs: Vec<(String, String)> =
        vec![("region".into(), "us-east-1".into()), ("instance".into(), instance.into())];
    pairs.extend(groups.iter().enumerate().map(|(i, id)| (format!("groups[{i}]"), (*id).to_owned())));
    form(&pairs)
}

#[tokio::test]
async fn an_instances_groups_change_while_it_runs_or_is_stopped_with_one_to_five_of_its_vpc() {
    use app::model::GroupSetProblem;

    let console = console().await;
    let editor = console.sign_in("eddie").await;
    let mut owned = Vec::new();
    for name in ["app", "db", "monitoring", "web", "bastion", "unused"] {
        owned.push(console.group(name).await.id);
    }
    let all: Vec<&str> = owned.iter().map(String::as_str).collect();
    let (ids, six) = (&all[..5], &all[..]);
    let failure = |response: Response<Body>| async move {
        serde_json::from_str::<AppError>(&body(response).await).expect("an AppError").failure
    };

    // Running, with one interface: one ModifyInstanceAttribute, and the list shows the new set.
    let app_1 = demo_instance(&console, "app-1", &editor).await;
    console.reset_ec2_counters().await;
    let changed = console.call("change_instance_groups", &instance_form(&app_1.id, &ids[..2]), &editor).await;
    assert_eq!(changed.status(), StatusCode::OK, "{}", body(changed).await);
    assert_eq!(writes(&console.ec2_counters().await), BTreeMap::from([("ModifyInstanceAttribute", 1)]));
    let now: Vec<String> =
        demo_instance(&console, "app-1", &editor).await.groups().iter().map(|g| g.id.clone()).collect();
    assert_eq!(now, ids[..2]);

    // Stopped, at the limit of five.
    let app_2 = demo_instance(&console, "app-2", &editor).await;
    assert_eq!(app_2.state, "stopped");
    let five = console.call("change_instance_groups", &instance_form(&app_2.id, ids), &editor).await;
    assert_eq!(five.status(), StatusCode::OK, "{}", body(five).await);

    // Refused before any write: six groups, another VPC's group, none, a pending instance.
    console.reset_ec2_counters().await;
    let legacy = console.group("legacy").await.id;
    for (groups, problem) in [
        (six.to_vec(), GroupSetProblem::TooMany(6)),
        (vec![ids[0], legacy.as_str()], GroupSetProblem::NotAvailable(legacy.clone())),
        (Vec::new(), GroupSetProblem::Empty),
    ] {
        let refused = console.call("change_instance_groups", &instance_form(&app_1.id, &groups), &editor).await;
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(failure(refused).await, Failure::GroupSet(problem));
    }
    let url = format!("{}/_local/instance-state", console.sandbox_url());
    let held = serde_json::json!({ "region": "us-east-1", "instance": app_1.id, "state": "pending" });
    reqwest::Client::new().post(url).json(&held).send().await.expect("the state set").error_for_status().expect("set");
    let pending = console.call("change_instance_groups", &instance_form(&app_1.id, &ids[..1]), &editor).await;
    assert_eq!(pending.status(), StatusCode::CONFLICT);
    assert_eq!(failure(pending).await, Failure::InstanceNotChangeable("pending".into()));
    assert_eq!(writes(&console.ec2_counters().await), BTreeMap::new());

    let entries: Vec<_> = console.audit().await.into_iter().filter(|e| e.action == "instance-groups").collect();
    assert_eq!(entries.len(), 2, "one entry per change made; refusals before the guard's change are not changes");
}

#[tokio::test]
async fn a_launch_template_version_keeps_its_settings_with_new_groups_and_may_become_the_default() {
    use app::api::launch_templates::LaunchTemplates;
    use app::model::GroupSetProblem;

    let console = console().await;
    let editor = console.sign_in("eddie").await;
    let templates = |cookie: String| {
        let console = &console;
        async move {
            let response = console.call("get_launch_templates", "region=us-east-1", &cookie).await;
            assert_eq!(response.status(), StatusCode::OK);
            serde_json::from_str::<LaunchTemplates>(&body(response).await).expect("the templates").templates
        }
    };
    let template = templates(editor.clone()).await.into_iter().find(|t| t.name == "web-server").expect("demo");
    let (app, legacy) = (console.group("app").await.id, console.group("legacy").await.id);
    let version_form = |groups: &[&str], make_default: bool| {
        let mut pairs: Vec<(String, String)> = vec![
            ("region".into(), "us-east-1".into()),
            ("template".into(), template.id.clone()),
            ("source".into(), "1".into()),
            ("description".into(), "app tier".into()),
            ("make_default".into(), make_default.to_string()),
        ];
        pairs.extend(groups.iter().enumerate().map(|(i, id)| (format!("groups[{i}]"), (*id).to_owned())));
        form(&pairs)
    };

    console.reset_ec2_counters().await;
    let created = console.call("create_template_version", &version_form(&[&app], true), &editor).await;
    assert_eq!(created.status(), StatusCode::OK, "{}", body(created).await);
    assert_eq!(
        writes(&console.ec2_counters().await),
        BTreeMap::from([("CreateLaunchTemplateVersion", 1), ("ModifyLaunchTemplate", 1)])
    );
    let after = templates(editor.clone()).await.into_iter().find(|t| t.id == template.id).expect("the template");
    assert_eq!((after.default_version, after.latest_version), (2, 2));
    assert_eq!(
        after.version(2).map(|v| (v.groups.clone(), v.description.clone())),
        Some((vec![app.clone()], Some("app tier".into())))
    );
    assert_eq!(after.version(1).map(|v| v.groups.clone()), template.version(1).map(|v| v.groups.clone()));

    // Groups of two VPCs: refused before EC2 is asked.
    console.reset_ec2_counters().await;
    let refused = console.call("create_template_version", &version_form(&[&app, &legacy], false), &editor).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let failure = serde_json::from_str::<AppError>(&body(refused).await).expect("an AppError").failure;
    assert_eq!(failure, Failure::GroupSet(GroupSetProblem::SeveralVpcs));
    assert_eq!(writes(&console.ec2_counters().await), BTreeMap::new());

    // The version is made but EC2 refuses to make it the default: the error says which version.
    console.set_faults(serde_json::json!({ "fail_next": "ModifyLaunchTemplate" })).await;
    let half = console.call("create_template_version", &version_form(&[&app], true), &editor).await;
    assert_eq!(half.status(), StatusCode::BAD_GATEWAY);
    let failure = serde_json::from_str::<AppError>(&body(half).await).expect("an AppError").failure;
    assert!(matches!(failure, Failure::NotMadeDefault { version: 3, .. }), "{failure:?}");
}

/// The text of the first `<tag>` element of `xml`.
fn xml_field<'a>(xml: &'a str, tag: &str) -> &'a str {
    let start = xml.find(&format!("<{tag}>")).map(|i| i + tag.len() + 2).expect("the field");
    &xml[start..start + xml[start..].find('<').expect("its end")]
}

#[tokio::test]
async fn an_instance_with_two_interfaces_changes_the_chosen_ones_groups() {
    use app::api::instances::InstanceGroups;

    let console = console().await;
    let editor = console.sign_in("eddie").await;
    let app_1 = demo_instance(&console, "app-1", &editor).await;
    let (db, monitoring) = (console.group("db").await.id, console.group("monitoring").await.id);
    let described = console.ec2_query(&format!("Action=DescribeInstances&InstanceId.1={}", app_1.id)).await;
    let subnet = xml_field(&described, "subnetId");
    let created = console
        .ec2_query(&format!("Action=CreateNetworkInterface&SubnetId={subnet}&SecurityGroupId.1={monitoring}"))
        .await;
    let eni = xml_field(&created, "networkInterfaceId").to_owned();
    console
        .ec2_query(&format!(
            "Action=AttachNetworkInterface&NetworkInterfaceId={eni}&InstanceId={}&DeviceIndex=1",
            app_1.id
        ))
        .await;

    let response = console.call("get_instance_groups", &format!("region=us-east-1&id={}", app_1.id), &editor).await;
    let read: InstanceGroups = serde_json::from_str(&body(response).await).expect("the instance");
    assert_eq!(read.instance.interfaces.iter().map(|i| i.id.as_str()).collect::<Vec<_>>()[1], eni);

    console.reset_ec2_counters().await;
    let form = format!("{}&interface={eni}", instance_form(&app_1.id, &[&db]));
    let changed = console.call("change_instance_groups", &form, &editor).await;
    assert_eq!(changed.status(), StatusCode::OK, "{}", body(changed).await);
    assert_eq!(writes(&console.ec2_counters().await), BTreeMap::from([("ModifyNetworkInterfaceAttribute", 1)]));
    let after = demo_instance(&console, "app-1", &editor).await;
    let groups_of = |n: usize| after.interfaces[n].groups.iter().map(|g| g.id.clone()).collect::<Vec<_>>();
    assert_eq!(groups_of(1), [db]);
    assert_eq!(
        groups_of(0),
        app_1.interfaces[0].groups.iter().map(|g| g.id.clone()).collect::<Vec<_>>(),
        "the primary one is as it was"
    );
}

#[tokio::test]
async fn findings_name_the_risky_and_the_unused_groups_and_download_as_csv_and_json() {
    use app::api::findings::FindingsReport;
    use app::model::{Check, Severity};

    let console = console().await;
    let viewer = console.sign_in("vera").await;
    let legacy = console.group("legacy").await;
    let unused = console.group("unused").await;
    console.reset_ec2_counters().await;
    let response = console.call("get_findings", "region=us-east-1", &viewer).await;
    assert_eq!(response.status(), StatusCode::OK);
    let report: FindingsReport = serde_json::from_str(&body(response).await).expect("the findings");
    assert!(report.failed.is_empty());
    let findings = report.findings;
    assert_eq!(report.matching, findings.len(), "one page holds the demo's findings");
    // One paginated Describe per kind of data (versions and list entries: one per template or
    // list).
    let counters = console.ec2_counters().await;
    for action in
        ["DescribeSecurityGroups", "DescribeSecurityGroupRules", "DescribeNetworkInterfaces", "DescribeLaunchTemplates"]
    {
        assert_eq!(counters.get(action), Some(&1), "{action}: {counters:?}");
    }

    let of = |group: &str, check: Check| findings.iter().filter(|f| f.group_id == group && f.check == check).count();
    assert_eq!(of(&legacy.id, Check::OpenAdminPort), 2, "SSH and RDP from 0.0.0.0/0");
    let ssh = findings.iter().find(|f| f.group_id == legacy.id && f.check == Check::OpenAdminPort).expect("one");
    let rule_id = ssh.rule.as_ref().and_then(|(_, r)| r.id.clone()).expect("the rule's id");
    assert!(legacy.inbound.iter().any(|r| r.id.as_deref() == Some(rule_id.as_str())));
    assert_eq!(ssh.severity(), Severity::High);
    assert_eq!(of(&unused.id, Check::UnusedGroup), 1);
    assert_eq!(of(&console.group("web").await.id, Check::UnusedGroup), 0);

    // Filtered in the URL.
    let response = console.call("get_findings", "region=us-east-1&query%5Bcheck%5D=unused-group", &viewer).await;
    let report: FindingsReport = serde_json::from_str(&body(response).await).expect("the findings");
    let only = report.findings;
    assert!(!only.is_empty() && only.iter().all(|f| f.check == Check::UnusedGroup));

    let csv = console.get("/findings/download?format=csv&region=us-east-1&check=open-admin-port", Some(&viewer)).await;
    assert_eq!(csv.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()), Some("text/csv; charset=utf-8"));
    let text = body(csv).await;
    let mut lines = text.lines();
    assert!(lines.next().is_some_and(|h| h.starts_with("region,severity,check,group_id")));
    assert!(text.contains(&format!("us-east-1,high,open-admin-port,{},legacy", legacy.id)), "{text}");
    assert!(text.contains(&rule_id));
    let json = console.get("/findings/download?format=json&region=all", Some(&viewer)).await;
    let json: serde_json::Value = serde_json::from_str(&body(json).await).expect("JSON");
    // Every enabled region: here us-east-1 alone.
    assert_eq!(json["findings"].as_array().map(Vec::len), Some(findings.len()));
    assert_eq!(json["unreadable_regions"], serde_json::json!([]));
    let signed_out = console.get("/findings/download?format=csv", None).await;
    assert!(location(&signed_out).is_some_and(|to| to.starts_with("/signin")), "signed out: sign in first");
}

#[tokio::test]
async fn a_reach_query_finds_the_db_group_for_the_app_tiers_port() {
    use app::api::findings::{ReachReport, RegionReach};

    let console = console().await;
    let viewer = console.sign_in("vera").await;
    let (app, db) = (console.group("app").await, console.group("db").await);
    let ask = |query: String| {
        let (console, viewer) = (&console, viewer.clone());
        async move {
            let response = console.call("get_reach", &query, &viewer).await;
            assert_eq!(response.status(), StatusCode::OK);
            serde_json::from_str::<RegionReach>(&body(response).await).expect("the answer").report
        }
    };
    // From the app group, and from app-1's own address (which carries it).
    let app_1 = demo_instance(&console, "app-1", &viewer).await;
    let described = console.ec2_query(&format!("Action=DescribeInstances&InstanceId.1={}", app_1.id)).await;
    let address = xml_field(&described, "privateIpAddress").to_owned();
    for source in [app.id.clone(), address] {
        let report = ask(format!("region=us-east-1&source={source}&protocol=tcp&port=5432")).await;
        let ReachReport::Answer { answer, .. } = report else { panic!("an answer: {report:?}") };
        assert!(answer.hits.iter().any(|h| h.group_id == db.id && h.rule.from_port == 5432), "{source}: {answer:?}");
        let db_1 = demo_instance(&console, "db-1", &viewer).await.id;
        let carrier = answer.carriers.iter().find(|c| c.instance_id.as_deref() == Some(db_1.as_str()));
        assert!(carrier.is_some_and(|c| c.groups.contains(&db.id)), "db-1 carries db: {answer:?}");
    }
    // An office address, through the office prefix list's entry; any other address not at all.
    let office = ask("region=us-east-1&source=203.0.113.9&protocol=tcp&port=5432".into()).await;
    let ReachReport::Answer { answer, .. } = office else { panic!("an answer") };
    assert!(answer.hits.iter().any(|h| h.group_id == db.id && matches!(h.rule.peer, Peer::PrefixList { .. })));
    let elsewhere = ask("region=us-east-1&source=192.0.2.10&protocol=tcp&port=5432".into()).await;
    let ReachReport::Answer { answer, .. } = elsewhere else { panic!("an answer") };
    assert!(answer.hits.iter().all(|h| h.group_id != db.id), "the internet does not reach db");
    assert!(matches!(ask("region=us-east-1&source=web&protocol=tcp&port=1".into()).await, ReachReport::Invalid(_)));

    let report = ask(format!("region=us-east-1&instance={}", app_1.id)).await;
    let ReachReport::Instance { ports, .. } = report else { panic!("the instance's access") };
    assert!(ports.iter().any(|p| p.from_port == 8080), "app listens on 8080 for web: {ports:?}");
}

/// The EC2 calls of one read of the demo region for the list: its groups and its VPCs.
async fn list_reads(console: &Console) -> (u64, u64) {
    let counters = console.ec2_counters().await;
    let count = |action: &str| counters.get(action).copied().unwrap_or(0);
    (count("DescribeSecurityGroups"), count("DescribeVpcs"))
}

#[tokio::test]
async fn twenty_people_opening_the_list_at_once_cost_one_read_of_ec2() {
    let console = console().await;
    let viewer = console.sign_in("vera").await;
    console.reset_ec2_counters().await;
    let views = (0..20).map(|_| console.get("/security-groups?region=us-east-1", Some(&viewer)));
    for page in futures::future::join_all(views).await {
        assert_eq!(page.status(), StatusCode::OK);
        let text = body(page).await;
        assert!(text.contains(">legacy<") && text.contains("As of "), "the demo's groups, and when they were read");
    }
    assert_eq!(list_reads(&console).await, (1, 1), "one read for all twenty");

    // Within the TTL, the global view, the findings and a reach query read no groups again.
    console.reset_ec2_counters().await;
    for page in ["/security-groups?region=us-east-1&q=web", "/global", "/findings", "/reach?source=10.0.0.1&port=22"] {
        assert_eq!(console.get(page, Some(&viewer)).await.status(), StatusCode::OK, "{page}");
    }
    assert_eq!(list_reads(&console).await, (0, 0));
}

#[tokio::test]
async fn a_change_made_through_the_console_shows_at_once() {
    let console = console().await;
    let editor = console.sign_in("eddie").await;
    let list = async || body(console.get("/security-groups?region=us-east-1", Some(&editor)).await).await;
    assert!(!list().await.contains(">api<"));
    let prod = console.group("web").await.vpc_id;
    let outbound: Vec<RuleRow> = app::model::GroupForm::new(&prod, true).outbound;
    let created = console.call("create_group", &create_form("api", &prod, &[], &outbound), &editor).await;
    assert_eq!(created.status(), StatusCode::OK, "{}", body(created).await);
    assert!(list().await.contains(">api<"), "the new group is listed at once, well within the TTL");
}

#[tokio::test]
async fn a_refresh_reads_ec2_again_and_a_ttl_of_zero_reads_every_time() {
    let console = console().await;
    let viewer = console.sign_in("vera").await;
    let page = body(console.get("/security-groups?region=us-east-1", Some(&viewer)).await).await;
    let refresh = page
        .split("href=\"")
        .filter_map(|rest| rest.split('"').next())
        .find(|href| href.contains("refresh="))
        .expect("a Refresh link")
        .replace("&amp;", "&");
    assert!(refresh.starts_with("/security-groups?region=us-east-1&refresh="), "{refresh}");
    console.reset_ec2_counters().await;
    assert_eq!(console.get(&refresh, Some(&viewer)).await.status(), StatusCode::OK);
    assert_eq!(list_reads(&console).await, (1, 1), "Refresh reads EC2 again");
    // The same link once more: the snapshot is newer than the one it asked to replace.
    assert_eq!(console.get(&refresh, Some(&viewer)).await.status(), StatusCode::OK);
    assert_eq!(list_reads(&console).await, (1, 1));

    let uncached = console_with(&["--snapshot-ttl", "0"], "192.0.2.10:50000").await;
    let viewer = uncached.sign_in("vera").await;
    uncached.reset_ec2_counters().await;
    for _ in 0..3 {
        assert_eq!(uncached.get("/security-groups?region=us-east-1", Some(&viewer)).await.status(), StatusCode::OK);
    }
    assert_eq!(list_reads(&uncached).await, (3, 3));
}

/// Names of the fields the console's forms and pages send, and a few they never do.
const FIELD_NAMES: &[&str] = &[
    "region",
    "id",
    "direction",
    "opened",
    "rows[0][kind]",
    "rows[0][peer]",
    "rows[0][from_port]",
    "rules[0]",
    "groups[0]",
    "name",
    "password",
    "role",
    "disabled",
    "description",
    "vpc_id",
    "confirm",
    "instance",
    "template",
    "source",
    "protocol",
    "port",
    "q",
    "query",
    "refresh",
    "page",
    "severity",
    "check",
    "format",
    "tags[0][key]",
    "next",
    "extra",
];

/// A field's value: plausible, empty, out of range, of the wrong type, any text, or long.
fn field_value() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    prop_oneof![
        prop::sample::select(vec![
            "",
            "us-east-1",
            "mars-north-1",
            "sg-0",
            "sg-0123456789abcdef0",
            "inbound",
            "sideways",
            "admin",
            "viewer",
            "true",
            "maybe",
            "[]",
            "[{",
            "{\"a\":1}",
            "-1",
            "65536",
            "18446744073709551616",
            "0.0.0.0/0",
            "::/0",
            "10.0.0.300",
            "all",
            "delete",
            "1e400",
        ])
        .prop_map(str::to_owned),
        any::<String>(),
        "[a-z0-9.-]{1,20}",
        (1usize..200_000).prop_map(|n| "x".repeat(n)),
    ]
}

/// What a client may send where the console expects a form: a form of known and unknown
/// fields, any bytes (not UTF-8 among them), or JSON.
fn request_body() -> impl proptest::strategy::Strategy<Value = Vec<u8>> {
    use proptest::prelude::*;
    let form = prop::collection::vec((prop::sample::select(FIELD_NAMES), field_value()), 0..8).prop_map(|pairs| {
        let mut form = url::form_urlencoded::Serializer::new(String::new());
        for (name, value) in pairs {
            form.append_pair(name, &value);
        }
        form.finish().into_bytes()
    });
    prop_oneof![
        4 => form,
        1 => prop::collection::vec(any::<u8>(), 0..300),
        1 => Just(br#"{"region": 5, "id": null}"#.to_vec()),
    ]
}

/// Every server function, form route and page, fed what no page of the console sends, answers
/// a 4xx a person can read (or what it answers to a valid request), never a 5xx, and the console
/// goes on serving. The server functions come from the registry, so that new ones are covered.
#[test]
fn no_client_input_gets_a_5xx() {
    use proptest::prelude::*;
    use proptest::test_runner::{Config as Cases, TestRunner};

    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let console = runtime.block_on(console());
    let admin = runtime.block_on(console.sign_in("admin"));
    let mut targets: Vec<(String, String)> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, method)| (method.to_string(), path.to_owned()))
        .collect();
    targets.sort();
    assert!(targets.len() > 20, "the registry lists the server functions: {targets:?}");
    // Signing out takes no input and would end the session the other cases use.
    targets.extend(
        [
            ("POST", "/signin"),
            ("GET", "/locale/x"),
            ("GET", "/activity/download"),
            ("GET", "/findings/download"),
            ("GET", "/security-groups"),
            ("GET", "/security-groups/us-east-1/sg-0"),
            ("GET", "/security-groups/us-east-1/sg-0/inbound/edit"),
            ("GET", "/security-groups/us-east-1/new"),
            ("GET", "/findings"),
            ("GET", "/reach"),
            ("GET", "/global"),
            ("GET", "/instances"),
            ("GET", "/activity"),
            ("GET", "/users"),
        ]
        .map(|(method, path)| (method.to_owned(), path.to_owned())),
    );
    let content_types = [
        Some("application/x-www-form-urlencoded"),
        Some("application/json"),
        Some("text/plain"),
        Some("multipart/form-data; boundary=x"),
        None,
    ];
    // Shrinking is bounded: each step may wait for an answer that does not come.
    let config = Cases { cases: 400, failure_persistence: None, max_shrink_iters: 64, ..Cases::default() };
    let mut runner = TestRunner::new(config);
    let cases = (prop::sample::select(targets), request_body(), prop::sample::select(content_types.to_vec()));
    runner
        .run(&cases, |((method, path), sent, content_type)| {
            let mut builder = Request::builder().method(method.as_str()).header(header::HOST, HOST);
            builder = builder.header(header::ORIGIN, ORIGIN).header(header::COOKIE, &admin);
            let request = if method == "GET" {
                // A GET's input is its query: the body's bytes, as they come, percent-encoded,
                // up to the longest URI the http crate (and so hyper) accepts at all.
                let query: String = url::form_urlencoded::byte_serialize(&sent).collect();
                let query = query.replace("%3D", "=").replace("%26", "&");
                builder.uri(format!("{path}?{}", &query[..query.len().min(60_000)])).body(Body::empty())
            } else {
                if let Some(content_type) = content_type {
                    builder = builder.header(header::CONTENT_TYPE, content_type);
                }
                builder.uri(path.as_str()).body(Body::from(sent))
            };
            let request = request.expect("a request");
            let shown = format!("{method} {}", request.uri());
            let wait = std::time::Duration::from_secs(10);
            let answer = runtime.block_on(async { tokio::time::timeout(wait, console.send(request)).await });
            prop_assert!(answer.is_ok(), "{shown}: no answer within 10 s");
            let response = answer.expect("checked");
            let status = response.status();
            let text = runtime.block_on(body(response));
            prop_assert!(!status.is_server_error(), "{method} {path}: {status} {text}");
            if status.is_client_error() {
                prop_assert!(!text.trim().is_empty(), "{method} {path}: {status} says nothing");
                if path.starts_with("/api/") {
                    let error = serde_json::from_str::<AppError>(&text);
                    prop_assert!(error.is_ok(), "{method} {path}: {status} answers an AppError, not {text}");
                }
            }
            Ok(())
        })
        .unwrap_or_else(|failure| panic!("{failure}"));
    let alive = runtime.block_on(console.get("/healthz", None));
    assert_eq!(alive.status(), StatusCode::OK, "the console goes on serving");
}

#[tokio::test]
async fn a_body_over_the_limit_is_refused() {
    let console = console().await;
    let admin = console.sign_in("admin").await;
    let path = server_functions().into_iter().find(|(n, _)| n == "list_groups").expect("registered").1;
    let huge = format!("region=us-east-1&q={}", "x".repeat(3 << 20));
    let told = request("POST", &path, Some(&admin))
        .header(header::CONTENT_LENGTH, huge.len())
        .body(Body::from(huge.clone()))
        .expect("a request");
    assert_eq!(console.send(told).await.status(), StatusCode::PAYLOAD_TOO_LARGE);
    // A body whose length is not announced is cut off where it passes the limit.
    let chunks: Vec<_> = huge.into_bytes().chunks(64 << 10).map(|c| Ok::<_, std::io::Error>(c.to_vec())).collect();
    let stream = futures::stream::iter(chunks);
    let untold = request("POST", &path, Some(&admin)).body(Body::from_stream(stream)).expect("a request");
    let response = console.send(untold).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let error: AppError = serde_json::from_str(&body(response).await).expect("an AppError");
    assert!(matches!(error.failure, Failure::BadRequest(_)), "{error:?}");
}

#[tokio::test]
async fn ready_only_while_the_database_and_ec2_answer() {
    let console = console().await;
    let ready = console.get("/readyz", None).await;
    assert_eq!(ready.status(), StatusCode::OK, "no sign-in needed");
    assert_eq!(body(ready).await, "ready");
    assert_eq!(console.ec2_counters().await.get("DescribeRegions"), Some(&1), "EC2 had not been asked: asked now");
    console.get("/readyz", None).await;
    assert_eq!(console.ec2_counters().await.get("DescribeRegions"), Some(&1), "EC2 answered within the minute");

    // The database stops answering: not ready, and nothing more is said.
    console.db.pool().close().await;
    let not_ready = console.get("/readyz", None).await;
    assert_eq!(not_ready.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(body(not_ready).await, "not ready");

    // EC2 has not answered in the last minute and does not answer now.
    let mut without_ec2 = console_with(&[], "192.0.2.10:50000").await;
    without_ec2.sandbox.take().expect("the embedded sandbox").shutdown().await;
    let not_ready = without_ec2.get("/readyz", None).await;
    assert_eq!(not_ready.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(body(not_ready).await, "not ready");
}

/// The value of the sample of metric `name` whose labels include `labels`, in Prometheus' text.
fn sample(text: &str, name: &str, labels: &[(&str, &str)]) -> Option<f64> {
    let series = |line: &&str| line.strip_prefix(name).is_some_and(|rest| rest.starts_with(['{', ' ']));
    text.lines().filter(series).find_map(|line| {
        let (series, value) = line.rsplit_once(' ')?;
        labels.iter().all(|(key, value)| series.contains(&format!("{key}=\"{value}\""))).then(|| value.parse().ok())?
    })
}

#[tokio::test]
async fn metrics_count_requests_ec2_calls_snapshots_and_sign_ins() {
    // One recorder per process: the other tests of this binary count into it too, so only what
    // this test did is asserted, as "at least".
    static HANDLE: std::sync::OnceLock<metrics_exporter_prometheus::PrometheusHandle> = std::sync::OnceLock::new();
    let handle = HANDLE.get_or_init(|| server::telemetry::install().expect("the recorder installs")).clone();
    let console = console().await;
    let wrong = console.post("/signin", "name=admin&password=wrong", None).await;
    assert_eq!(location(&wrong), Some("/signin?error=invalid&name=admin&next=%2F"));
    let admin = console.sign_in("admin").await;
    for _ in 0..2 {
        let list = console.get("/security-groups?region=us-east-1", Some(&admin)).await;
        assert_eq!(list.status(), StatusCode::OK);
    }

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a port");
    let address = listener.local_addr().expect("an address");
    tokio::spawn(server::telemetry::serve(listener, handle));
    let answer = reqwest::get(format!("http://{address}/metrics")).await.expect("metrics answer");
    assert_eq!(answer.headers()["content-type"], "text/plain; version=0.0.4; charset=utf-8");
    let text = answer.text().await.expect("a body");
    let at_least = |name: &str, labels: &[(&str, &str)], least: f64| {
        let value = sample(&text, name, labels).unwrap_or_else(|| panic!("no {name} {labels:?} in\n{text}"));
        assert!(value >= least, "{name} {labels:?} is {value}");
    };
    let list = [("method", "GET"), ("route", "/security-groups"), ("status", "200")];
    at_least("sg_http_requests_total", &list, 2.0);
    at_least("sg_http_request_duration_seconds_count", &[("method", "GET"), ("route", "/security-groups")], 2.0);
    let described = [("region", "us-east-1"), ("action", "DescribeSecurityGroups"), ("outcome", "success")];
    at_least("sg_ec2_calls_total", &described, 1.0);
    at_least("sg_snapshot_reads_total", &[("result", "miss")], 1.0);
    at_least("sg_snapshot_reads_total", &[("result", "hit")], 1.0);
    at_least("sg_sign_in_failures_total", &[], 1.0);
}

/// A second console on `first`'s database and EC2 (its embedded sandbox, by URL), as a second
/// replica behind the same load balancer.
async fn replica_of(first: &Console) -> Console {
    let mut config = config(&first._dir, &["--ec2", &first.sandbox_url()]);
    let dir = tempfile::tempdir().expect("a directory");
    config.data_dir = dir.path().to_owned();
    console_from(config, dir, "192.0.2.11:50000").await
}

#[tokio::test]
#[ignore = "needs PostgreSQL: scripts/test runs it with SG_TEST_POSTGRES set"]
async fn two_replicas_on_one_postgresql_are_one_console() {
    assert!(std::env::var("SG_TEST_POSTGRES").is_ok(), "set SG_TEST_POSTGRES to a PostgreSQL server's URL");
    // The second replica reaches the first one's sandbox by URL, with credentials from the
    // environment as for any endpoint (the sandbox accepts any).
    assert!(std::env::var("AWS_ACCESS_KEY_ID").is_ok(), "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (any)");
    let one = console().await;
    let two = replica_of(&one).await;

    // A session signed in on one is signed in on the other.
    let eddie = one.sign_in("eddie").await;
    assert_eq!(two.get("/global", Some(&eddie)).await.status(), StatusCode::OK);

    // The sign-in limit (5 per account) counts the failures made on both.
    for replica in [&one, &two, &one, &two, &one] {
        let wrong = replica.post("/signin", "name=vera&password=wrong", None).await;
        assert_eq!(location(&wrong), Some("/signin?error=invalid&name=vera&next=%2F"));
    }
    let locked = two.post("/signin", &format!("name=vera&password={}", enc(PASSWORD)), None).await;
    assert!(location(&locked).is_some_and(|l| l.starts_with("/signin?error=locked")), "{:?}", location(&locked));

    // A change through one is in the other's list at once, within its snapshot's TTL.
    let before = body(two.get("/security-groups?region=us-east-1", Some(&eddie)).await).await;
    assert!(!before.contains("made-on-one"));
    let vpc = one.group("web").await.vpc_id;
    let made = one.call("create_group", &create_form("made-on-one", &vpc, &[], &[]), &eddie).await;
    assert_eq!(made.status(), StatusCode::OK, "{}", body(made).await);
    let mut seen = false;
    for _ in 0..40 {
        if body(two.get("/security-groups?region=us-east-1", Some(&eddie)).await).await.contains("made-on-one") {
            seen = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(seen, "the other replica lists the new group within 2 s (its TTL is 10 s)");

    // The Activity of either has the entries of both, newest first.
    let entries = two.audit().await;
    let ids: Vec<i64> = entries.iter().map(|e| e.id).collect();
    assert!(ids.windows(2).all(|w| w[0] > w[1]), "newest first: {ids:?}");
    let actions: Vec<&str> = entries.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(&actions[..2], ["group-create", "sign-in-failed"], "{actions:?}");
    assert_eq!(entries.iter().filter(|e| e.action == "sign-in-failed").count(), 5, "{actions:?}");
    assert_eq!(one.audit().await, entries);

    // Signing out on one ends the session on both.
    let out = one.post("/signout", "", Some(&eddie)).await;
    assert_eq!(location(&out), Some("/signin"));
    assert_eq!(two.get("/global", Some(&eddie)).await.status(), StatusCode::SEE_OTHER);
}

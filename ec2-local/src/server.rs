//! The HTTP side: EC2's Query protocol on `/`, and test operations under `/_local/`.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Json, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use rand::Rng;
use tokio::sync::RwLock;

use crate::actions::{self, Handler};
use crate::error::Ec2Error;
use crate::query::Params;
use crate::store::Store;
use crate::xml::Xml;
use crate::{Faults, Seed, ids, seed};

pub struct Shared {
    pub store: RwLock<Store>,
    /// EC2 calls per action since start or the last reset.
    pub counters: Mutex<BTreeMap<String, u64>>,
    pub faults: Mutex<Faults>,
    /// The regions a reset seeds.
    pub regions: Vec<String>,
}

pub fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/_local/reset", post(reset))
        .route("/_local/counters", get(counters))
        .route("/_local/counters/reset", post(reset_counters))
        .route("/_local/faults", get(faults).post(set_faults))
        .route("/_local/instance-state", post(set_instance_state))
        .fallback(ec2)
        .with_state(shared)
}

/// One EC2 API call.
async fn ec2(
    State(shared): State<Arc<Shared>>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let request_id = ids::request_id();
    let mut raw = body.to_vec();
    if let Some(query) = query.filter(|q| !q.is_empty()) {
        raw.push(b'&');
        raw.extend_from_slice(query.as_bytes());
    }
    let params = Params::parse(&raw);
    let action = params.get("Action").unwrap_or_default().to_owned();
    let region = region_of(&headers);
    // Spawned, so that a client that goes away mid-request cannot cut a commit or a rollback in
    // half: the request's changes are kept and written, or undone, whatever the client does.
    let outcome = tokio::spawn({
        let (action, region, request_id) = (action.clone(), region.clone(), request_id.clone());
        async move { call(&shared, &action, region.as_deref(), &params, &request_id).await }
    })
    .await
    .unwrap_or_else(|_| Err(Ec2Error::new("InternalError", "An internal error has occurred.")));
    let response = match outcome {
        Ok(body) => {
            tracing::debug!(action, region, request_id, "ok");
            xml_response(StatusCode::OK, body)
        }
        Err(error) => {
            tracing::info!(action, region, request_id, code = error.code, message = error.message, "error");
            xml_response(error.status(), Xml::error(&error, &request_id))
        }
    };
    with_request_id(response, &request_id)
}

fn with_request_id(mut response: Response, request_id: &str) -> Response {
    if let Ok(value) = request_id.parse() {
        response.headers_mut().insert("x-amzn-requestid", value);
    }
    response
}

async fn call(
    shared: &Shared,
    action: &str,
    region: Option<&str>,
    params: &Params,
    request_id: &str,
) -> Result<Vec<u8>, Ec2Error> {
    if action.is_empty() {
        return Err(Ec2Error::new("InvalidAction", "The request has no Action parameter."));
    }
    if let Ok(mut counters) = shared.counters.lock() {
        *counters.entry(action.to_owned()).or_default() += 1;
    }
    inject_faults(shared, action).await?;
    let handler = actions::handler(action).ok_or_else(|| {
        Ec2Error::new("InvalidAction", format!("The action {action} is not valid for this web service."))
    })?;
    let region = region.ok_or_else(|| {
        Ec2Error::new(
            "AuthFailure",
            "AWS was not able to validate the provided access credentials: the request has no SigV4 Authorization header with a credential scope.",
        )
    })?;
    // EC2 checks a DryRun request like any other (parameters, ids, permissions, limits) and
    // answers DryRunOperation only where the call would have succeeded; nothing is kept.
    let dry_run = params.bool("DryRun")?;
    let mut xml = Xml::response(action, request_id);
    match handler {
        Handler::Regions => {
            let store = shared.store.read().await;
            let names: Vec<String> = store.regions.keys().cloned().collect();
            actions::describe_regions(&names, params, &mut xml)?;
        }
        Handler::Read(read) => {
            let store = shared.store.read().await;
            read(known_region(&store, region)?, params, &mut xml)?;
        }
        Handler::Write(write) => {
            let mut store = shared.store.write().await;
            let state = store.regions.get_mut(region).ok_or_else(|| not_enabled(region))?;
            match write(state, params, &mut xml) {
                Ok(()) if !dry_run => store.commit(region).await?,
                outcome => {
                    store.rollback(region);
                    outcome?;
                }
            }
        }
    }
    if dry_run {
        return Err(Ec2Error::new("DryRunOperation", "Request would have succeeded, but DryRun flag is set."));
    }
    Ok(xml.finish(action))
}

fn known_region<'a>(store: &'a Store, region: &str) -> Result<&'a crate::region::Region, Ec2Error> {
    store.regions.get(region).ok_or_else(|| not_enabled(region))
}

fn not_enabled(region: &str) -> Ec2Error {
    Ec2Error::new("OptInRequired", format!("The region '{region}' is not enabled on this endpoint."))
}

async fn inject_faults(shared: &Shared, action: &str) -> Result<(), Ec2Error> {
    let throttled = Ec2Error::new("RequestLimitExceeded", "Request limit exceeded.");
    let faults = match shared.faults.lock() {
        Ok(mut faults) if faults.throttle_next > 0 => {
            faults.throttle_next -= 1;
            return Err(throttled);
        }
        Ok(mut faults) if faults.fail_next.as_deref() == Some(action) => {
            faults.fail_next = None;
            return Err(Ec2Error::new(
                "UnauthorizedOperation",
                format!("You are not authorized to perform this operation ({action})."),
            ));
        }
        Ok(faults) => faults.clone(),
        Err(_) => Faults::default(),
    };
    if faults.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(faults.latency_ms)).await;
    }
    let roll: f64 = rand::rng().random();
    if roll < faults.throttle_rate {
        return Err(throttled);
    }
    if roll < faults.throttle_rate + faults.internal_error_rate {
        return Err(Ec2Error::new("InternalError", "An internal error has occurred."));
    }
    Ok(())
}

/// The region of the SigV4 credential scope: `Credential=AKID/20261130/us-east-1/ec2/aws4_request`.
fn region_of(headers: &HeaderMap) -> Option<String> {
    let auth = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let scope = auth.split("Credential=").nth(1)?.split([',', ' ']).next()?;
    scope.split('/').nth(2).filter(|r| !r.is_empty()).map(str::to_owned)
}

fn xml_response(status: StatusCode, body: Vec<u8>) -> Response {
    (status, [(header::CONTENT_TYPE, "text/xml;charset=UTF-8")], body).into_response()
}

async fn reset(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let params = Params::parse(&body);
    let seed = match params.get("seed").unwrap_or("demo") {
        "demo" => Seed::Demo,
        "empty" => Seed::Empty,
        other => {
            return (StatusCode::BAD_REQUEST, format!("unknown seed '{other}': use demo or empty\n")).into_response();
        }
    };
    let regions = match seed::build(seed, &shared.regions) {
        Ok(regions) => regions,
        Err(error) => {
            return (StatusCode::INTERNAL_SERVER_ERROR, format!("{error}\n")).into_response();
        }
    };
    let mut store = shared.store.write().await;
    match store.replace_all(regions).await {
        Ok(()) => {
            if let Ok(mut counters) = shared.counters.lock() {
                counters.clear();
            }
            Json(serde_json::json!({ "reset": true })).into_response()
        }
        Err(error) => (StatusCode::INTERNAL_SERVER_ERROR, format!("{error}\n")).into_response(),
    }
}

async fn counters(State(shared): State<Arc<Shared>>) -> Json<BTreeMap<String, u64>> {
    Json(shared.counters.lock().map(|c| c.clone()).unwrap_or_default())
}

async fn reset_counters(State(shared): State<Arc<Shared>>) -> Json<BTreeMap<String, u64>> {
    if let Ok(mut counters) = shared.counters.lock() {
        counters.clear();
    }
    Json(BTreeMap::new())
}

async fn faults(State(shared): State<Arc<Shared>>) -> Json<Faults> {
    Json(shared.faults.lock().map(|f| f.clone()).unwrap_or_default())
}

/// An instance held in one of the states EC2 shows only for a while (`pending`, `stopping`,
/// `shutting-down`), which ec2-local otherwise passes through at once: for tests of how a
/// client treats them. `{"region": "us-east-1", "instance": "i-...", "state": "pending"}`.
#[derive(serde::Deserialize)]
struct InstanceStateChange {
    region: String,
    instance: String,
    state: String,
}

async fn set_instance_state(State(shared): State<Arc<Shared>>, Json(change): Json<InstanceStateChange>) -> Response {
    use crate::model::InstanceState;

    let Some(state) = InstanceState::ALL.into_iter().find(|s| s.name() == change.state) else {
        return (StatusCode::BAD_REQUEST, format!("unknown instance state '{}'\n", change.state)).into_response();
    };
    let mut store = shared.store.write().await;
    let Some(instance) = store.regions.get_mut(&change.region).and_then(|r| r.instances.get_mut(&change.instance))
    else {
        return (StatusCode::NOT_FOUND, format!("no instance {} in {}\n", change.instance, change.region))
            .into_response();
    };
    instance.state = state;
    match store.commit(&change.region).await {
        Ok(()) => Json(serde_json::json!({ "instance": change.instance, "state": state.name() })).into_response(),
        Err(error) => (StatusCode::INTERNAL_SERVER_ERROR, format!("{}\n", error.message)).into_response(),
    }
}

async fn set_faults(State(shared): State<Arc<Shared>>, Json(new): Json<Faults>) -> Response {
    if let Err(reason) = new.check() {
        return (StatusCode::BAD_REQUEST, format!("{reason}\n")).into_response();
    }
    if let Ok(mut faults) = shared.faults.lock() {
        *faults = new.clone();
    }
    Json(new).into_response()
}

//! The web frontend, served from `web_dir`: hashed assets cached for good, and `index.html` for
//! every other page a browser asks for (the app routes on the client). API paths never get here.

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use actix_files::NamedFile;
use actix_web::http::header::{self, CacheControl, CacheDirective, ContentEncoding};
use actix_web::http::Method;
use actix_web::{web, HttpRequest, HttpResponse, ResponseError};

use crate::error::AppError;
use crate::state::AppState;

/// `/`: the frontend when it is built, else the plain list of cities.
pub async fn index(state: web::Data<Arc<AppState>>, req: HttpRequest) -> HttpResponse {
    match page(&state.config.web_dir, &req) {
        Some(response) => response,
        None => super::health::index(state).await,
    }
}

/// Everything no route claimed: a file of the frontend, the app's page for a browser, or 404.
pub async fn fallback(state: web::Data<Arc<AppState>>, req: HttpRequest) -> HttpResponse {
    let not_found = || AppError::not_found("this path").error_response();
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return not_found();
    }
    let root = &state.config.web_dir;
    // The page itself, however it is asked for, always goes out with its policy.
    if req.path() == "/index.html" {
        return page(root, &req).unwrap_or_else(not_found);
    }
    if let Some(file) = asset_path(root, req.path()) {
        if let Some(named) = open_best(&file, &req) {
            let mut response = named.into_response(&req);
            let cache = if req.path().starts_with("/assets/") {
                // Vite names assets by their content hash.
                CacheControl(vec![
                    CacheDirective::Public,
                    CacheDirective::MaxAge(31_536_000),
                    CacheDirective::Extension("immutable".into(), None),
                ])
            } else {
                CacheControl(vec![CacheDirective::NoCache])
            };
            response.headers_mut().insert(header::CACHE_CONTROL, cache.to_string().parse().expect("a valid header"));
            response.headers_mut().insert(header::VARY, header::HeaderValue::from_static("accept-encoding"));
            return response;
        }
    }
    let wants_page = req
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|accept| accept.contains("text/html"));
    if wants_page && !req.path().starts_with("/assets/") {
        if let Some(response) = page(root, &req) {
            return response;
        }
    }
    not_found()
}

/// What the app's pages may load and run: scripts and styles of this origin only (no inline
/// script, so a string that slipped into the page as markup cannot run), images from anywhere
/// over HTTPS (a city's map tiles), data only from this origin, no frames around it.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
     img-src 'self' data: blob: https:; connect-src 'self'; font-src 'self'; object-src 'none'; \
     base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/// The app's `index.html`, never cached so a new release is picked up at once.
fn page(root: &Path, req: &HttpRequest) -> Option<HttpResponse> {
    let named = open_best(&root.join("index.html"), req)?;
    let mut response = named.use_etag(false).use_last_modified(false).into_response(req);
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-cache"));
    headers.insert(header::VARY, header::HeaderValue::from_static("accept-encoding"));
    headers.insert(header::CONTENT_SECURITY_POLICY, header::HeaderValue::from_static(CONTENT_SECURITY_POLICY));
    Some(response)
}

/// The encodings the build writes beside each asset (`scripts` of the frontend), best first.
const PRECOMPRESSED: [(&str, &str, ContentEncoding); 2] =
    [("br", ".br", ContentEncoding::Brotli), ("gzip", ".gz", ContentEncoding::Gzip)];

/// `file`, or its precompressed copy in an encoding the client accepts, sent with the original's
/// type, `Content-Encoding` and `Vary: Accept-Encoding`: nothing is compressed per request.
fn open_best(file: &Path, req: &HttpRequest) -> Option<NamedFile> {
    let accepted = req.headers().get(header::ACCEPT_ENCODING).and_then(|v| v.to_str().ok()).unwrap_or("");
    let accepts = |name: &str| {
        accepted.split(',').map(str::trim).any(|item| {
            let mut parts = item.split(';').map(str::trim);
            let refused = |p: &str| {
                p.replace(' ', "").strip_prefix("q=").and_then(|q| q.parse::<f32>().ok()).is_some_and(|q| q <= 0.0)
            };
            parts.next() == Some(name) && !parts.any(refused)
        })
    };
    let mime = actix_files::file_extension_to_mime(file.extension().and_then(|e| e.to_str()).unwrap_or(""));
    for (name, suffix, encoding) in PRECOMPRESSED {
        if !accepts(name) {
            continue;
        }
        let copy = PathBuf::from(format!("{}{suffix}", file.display()));
        if let Ok(named) = NamedFile::open(&copy) {
            // Named by the original file: shown inline, never offered as a `.br` download.
            return Some(named.set_content_type(mime).set_content_encoding(encoding).disable_content_disposition());
        }
    }
    NamedFile::open(file).ok()
}

/// The file under `root` a URL path names, refusing anything that would leave it.
fn asset_path(root: &Path, url_path: &str) -> Option<PathBuf> {
    let relative = Path::new(url_path.trim_start_matches('/'));
    if url_path.ends_with('/') || relative.as_os_str().is_empty() {
        return None;
    }
    if !relative.components().all(|c| matches!(c, Component::Normal(_))) {
        return None;
    }
    let file = root.join(relative);
    file.is_file().then_some(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside_the_web_root() {
        let root = std::env::temp_dir().join(format!("qala-web-{}", std::process::id()));
        std::fs::create_dir_all(root.join("assets")).expect("a temporary directory");
        std::fs::write(root.join("assets/app.js"), "x").expect("a temporary file");
        assert_eq!(asset_path(&root, "/assets/app.js"), Some(root.join("assets/app.js")));
        assert_eq!(asset_path(&root, "/assets/../assets/app.js"), None);
        assert_eq!(asset_path(&root, "/assets/"), None);
        assert_eq!(asset_path(&root, "/missing.js"), None);
        assert_eq!(asset_path(&root, "/"), None);
        std::fs::remove_dir_all(root).ok();
    }
}

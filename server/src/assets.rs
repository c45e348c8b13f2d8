//! The site's assets (`/pkg`: the WASM, its JS glue, the styles), compressed once for a release
//! with zopfli (`sg-console precompress`) rather than by the compression layer for every answer:
//! zopfli's gzip is about 5% smaller than the layer's, 12 KB of a form's first view. Any browser
//! reads it as gzip.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use tower_http::services::ServeDir;

/// Where the site's assets are: its pkg directory.
pub fn pkg_dir(options: &leptos::config::LeptosOptions) -> PathBuf {
    Path::new(options.site_root.as_ref()).join(options.site_pkg_dir.as_ref())
}

/// Writes `FILE.gz` beside every file of `dir` (the site's pkg directory), made with zopfli.
/// Returns how many it wrote.
pub fn precompress(dir: &Path) -> Result<usize, String> {
    let sources = sources(dir)?;
    for source in &sources {
        let data = std::fs::read(source).map_err(|e| format!("cannot read {}: {e}", source.display()))?;
        let mut gzip = Vec::new();
        zopfli::compress(zopfli::Options::default(), zopfli::Format::Gzip, data.as_slice(), &mut gzip)
            .map_err(|e| format!("cannot compress {}: {e}", source.display()))?;
        let target = compressed(source);
        std::fs::write(&target, gzip).map_err(|e| format!("cannot write {}: {e}", target.display()))?;
    }
    Ok(sources.len())
}

/// Serves `dir`: its precompressed files to a browser that takes gzip, when every one is at
/// least as new as its file. A build after the last `precompress` leaves older ones beside its
/// new files; then nothing precompressed is served (the compression layer compresses each
/// answer), and the log says so.
pub fn pkg_service(dir: &Path) -> ServeDir {
    let service = ServeDir::new(dir);
    match stale(dir) {
        Ok(stale) if stale.is_empty() => service.precompressed_gzip(),
        Ok(stale) => {
            tracing::warn!(
                files = ?stale,
                "the precompressed assets are older than their files: not served (run `sg-console precompress` after a build)"
            );
            service
        }
        Err(error) => {
            tracing::warn!(%error, "the precompressed assets could not be checked: not served");
            service
        }
    }
}

/// The files of `dir` that have a precompressed file older than they are.
fn stale(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let modified = |path: &Path| std::fs::metadata(path).and_then(|m| m.modified()).ok();
    Ok(sources(dir)?
        .into_iter()
        .filter(|source| {
            let gzip: Option<SystemTime> = modified(&compressed(source));
            gzip.is_some_and(|gzip| modified(source).is_none_or(|source| gzip < source))
        })
        .collect())
}

/// The files of `dir` to compress: all but the compressed ones. The pkg directory is flat.
fn sources(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    let mut sources = Vec::new();
    for entry in entries {
        let path = entry.map_err(|e| format!("cannot read {}: {e}", dir.display()))?.path();
        if path.is_file() && path.extension().is_none_or(|e| e != "gz") {
            sources.push(path);
        }
    }
    Ok(sources)
}

fn compressed(source: &Path) -> PathBuf {
    let mut name = source.as_os_str().to_owned();
    name.push(".gz");
    PathBuf::from(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use http_body_util::BodyExt;
    use std::io::Read;
    use tower::ServiceExt;

    async fn get(dir: &Path, path: &str) -> (Option<String>, Vec<u8>) {
        let request =
            axum::http::Request::get(path).header("accept-encoding", "gzip").body(Body::empty()).expect("a request");
        let answer = pkg_service(dir).oneshot(request).await.expect("an answer");
        let encoding = answer.headers().get("content-encoding").map(|v| v.to_str().unwrap_or_default().to_owned());
        (encoding, answer.into_body().collect().await.expect("a body").to_bytes().to_vec())
    }

    #[tokio::test]
    async fn precompressed_assets_are_served_while_they_are_as_new_as_their_files() {
        let dir = tempfile::tempdir().expect("a directory");
        let wasm: Vec<u8> = (0..4_000u32).flat_map(|n| (n % 251).to_le_bytes()).collect();
        std::fs::write(dir.path().join("site.wasm"), &wasm).expect("written");
        assert_eq!(get(dir.path(), "/site.wasm").await, (None, wasm.clone()), "nothing precompressed yet");

        assert_eq!(precompress(dir.path()), Ok(1));
        let (encoding, body) = get(dir.path(), "/site.wasm").await;
        assert_eq!(encoding.as_deref(), Some("gzip"));
        let mut unzipped = Vec::new();
        flate2::read::GzDecoder::new(body.as_slice()).read_to_end(&mut unzipped).expect("gzip");
        assert_eq!(unzipped, wasm, "the same bytes as the file");

        // A build after it: the file is newer than its precompressed one.
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(dir.path().join("site.wasm"), b"rebuilt").expect("written");
        assert_eq!(get(dir.path(), "/site.wasm").await, (None, b"rebuilt".to_vec()), "the stale one is not served");
        assert_eq!(precompress(dir.path()), Ok(1), "once again, the .gz itself not compressed");
    }
}

//! A tiny static file server for dist/ (std only): correct MIME types, no way out of the
//! served folder, index.html for app routes, and the app's security headers.
use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::thread;
use std::time::Duration;

/// Only the page's own script files and its wasm may run; no inline script, no eval, nothing
/// fetched from elsewhere. The e2e test checks that the app runs under it.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; \
    script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self'; \
    connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'";

/// Binds `127.0.0.1:port` (0 picks a free port) and serves `root` on background threads.
pub fn start(root: &Path, port: u16, log_misses: bool) -> Result<SocketAddr, String> {
    let root = root
        .canonicalize()
        .map_err(|e| format!("cannot serve {}: {e}", root.display()))?;
    let listener = TcpListener::bind(("127.0.0.1", port)).map_err(|e| {
        format!("cannot listen on 127.0.0.1:{port}: {e} (choose another with --port N)")
    })?;
    let address = listener.local_addr().map_err(|e| e.to_string())?;
    thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let root = root.clone();
            thread::spawn(move || {
                let _ = handle(stream, &root, log_misses);
            });
        }
    });
    Ok(address)
}

fn handle(mut stream: TcpStream, root: &Path, log_misses: bool) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    // Read and ignore the headers, up to a sane limit.
    let mut header_bytes = 0;
    loop {
        let mut line = String::new();
        let n = reader.read_line(&mut line)?;
        header_bytes += n;
        if n == 0 || line == "\r\n" || line == "\n" || header_bytes > 64 * 1024 {
            break;
        }
    }
    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let response = match method {
        "GET" | "HEAD" => respond(root, target),
        _ => Response::text(405, "Method Not Allowed", "only GET and HEAD\n"),
    };
    if log_misses && response.status >= 400 {
        eprintln!("{} {method} {target}", response.status);
    }
    response.write(&mut stream, method == "HEAD")
}

struct Response {
    status: u16,
    reason: &'static str,
    content_type: &'static str,
    body: Vec<u8>,
}

impl Response {
    fn text(status: u16, reason: &'static str, body: &str) -> Self {
        Self {
            status,
            reason,
            content_type: "text/plain; charset=utf-8",
            body: body.into(),
        }
    }

    fn write(&self, stream: &mut TcpStream, head_only: bool) -> std::io::Result<()> {
        let head = format!(
            "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\n\
             Content-Security-Policy: {CONTENT_SECURITY_POLICY}\r\n\
             X-Content-Type-Options: nosniff\r\nReferrer-Policy: no-referrer\r\n\
             Cache-Control: no-cache\r\nConnection: close\r\n\r\n",
            self.status,
            self.reason,
            self.content_type,
            self.body.len()
        );
        stream.write_all(head.as_bytes())?;
        if !head_only {
            stream.write_all(&self.body)?;
        }
        stream.flush()
    }
}

fn respond(root: &Path, target: &str) -> Response {
    let Some(relative) = request_path(target) else {
        return Response::text(400, "Bad Request", "bad path\n");
    };
    let mut path = root.join(&relative);
    if path.is_dir() {
        path = path.join("index.html");
    }
    // A path without an extension is an app route (e.g. /embed): the app handles it.
    let is_route = relative.extension().is_none();
    if !path.is_file() && is_route {
        path = root.join("index.html");
    }
    // Symlinks must not lead out of the served folder either.
    match path.canonicalize() {
        Ok(real) if real.starts_with(root) && real.is_file() => match fs::read(&real) {
            Ok(body) => Response {
                status: 200,
                reason: "OK",
                content_type: mime_type(&real),
                body,
            },
            Err(_) => Response::text(500, "Internal Server Error", "cannot read file\n"),
        },
        _ => Response::text(404, "Not Found", "not found\n"),
    }
}

/// The request target as a relative path inside the served folder, or None when it is not a
/// plain path there (`..`, backslashes, NUL, bad percent-encoding, not absolute).
fn request_path(target: &str) -> Option<PathBuf> {
    let path = target.split(['?', '#']).next()?;
    if !path.starts_with('/') {
        return None;
    }
    let decoded = percent_decode(path)?;
    if decoded.contains(['\\', '\0']) {
        return None;
    }
    let mut relative = PathBuf::new();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return None,
            _ => relative.push(segment),
        }
    }
    // Belt and braces: only plain names may remain.
    relative
        .components()
        .all(|c| matches!(c, Component::Normal(_)))
        .then_some(relative)
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn mime_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_paths_map_into_the_folder() {
        assert_eq!(request_path("/"), Some(PathBuf::new()));
        assert_eq!(
            request_path("/index.html"),
            Some(PathBuf::from("index.html"))
        );
        assert_eq!(
            request_path("/a/./b.js?v=1#x"),
            Some(PathBuf::from("a/b.js"))
        );
        assert_eq!(
            request_path("/with%20space.css"),
            Some(PathBuf::from("with space.css"))
        );
    }

    #[test]
    fn nothing_leaves_the_folder() {
        for target in [
            "/../Cargo.toml",
            "/a/../../etc/passwd",
            "/%2e%2e/Cargo.toml",
            "/%2E%2E%2fCargo.toml",
            "/..%5cCargo.toml",
            "/a%00.js",
            "/%zz",
            "/%e2%28",
            "Cargo.toml",
            "http://example.com/",
        ] {
            assert_eq!(request_path(target), None, "{target}");
        }
    }

    #[test]
    fn wasm_is_served_as_application_wasm() {
        assert_eq!(mime_type(Path::new("app_bg.wasm")), "application/wasm");
        assert_eq!(
            mime_type(Path::new("app.js")),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(
            mime_type(Path::new("unknown.bin")),
            "application/octet-stream"
        );
    }

    #[test]
    fn serves_files_routes_and_refuses_the_rest() {
        let dir = std::env::temp_dir().join(format!("layerlab-serve-test-{}", std::process::id()));
        fs::create_dir_all(dir.join("dist")).unwrap();
        fs::write(dir.join("dist/index.html"), "<p>app</p>").unwrap();
        fs::write(dir.join("secret.txt"), "secret").unwrap();
        let root = dir.join("dist").canonicalize().unwrap();

        let index = respond(&root, "/");
        assert_eq!(
            (index.status, index.content_type),
            (200, "text/html; charset=utf-8")
        );
        assert_eq!(respond(&root, "/lessons/1").body, b"<p>app</p>");
        assert_eq!(respond(&root, "/missing.js").status, 404);
        assert_eq!(respond(&root, "/../secret.txt").status, 400);
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.join("secret.txt"), dir.join("dist/link.txt")).unwrap();
            assert_eq!(respond(&root, "/link.txt").status, 404);
        }
        fs::remove_dir_all(&dir).unwrap();
    }
}

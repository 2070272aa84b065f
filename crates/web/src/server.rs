//! The HTTP server around the router: HTTP/1.1 connections through hyper with a header-read timeout that also
//! closes connections idle between requests, the peer address handed to the handlers, and a graceful stop that
//! lets requests in flight finish.

use crate::AppState;
use crate::config::ServeConfig;
use axum::Router;
use axum::extract::ConnectInfo;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use std::future::Future;
use tokio::net::TcpListener;
use tower::ServiceExt;

/// Serves `app` on `listener` until `stop` completes, then stops accepting and waits for the requests in flight,
/// at most `config.shutdown_timeout` (connections still open then are dropped). A connection that sends no
/// complete request headers within `config.header_read_timeout` — the first request or the next one on a
/// kept-alive connection — is closed.
pub async fn serve_router(
    listener: TcpListener,
    app: Router,
    config: &ServeConfig,
    stop: impl Future<Output = ()>,
) {
    let graceful = GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(config.header_read_timeout);
    tokio::pin!(stop);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                // Out of file descriptors and the like: wait rather than spin.
                Err(_) => {
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut stop => break,
        };
        let app = app.clone();
        let service = hyper::service::service_fn(move |mut req: hyper::Request<_>| {
            req.extensions_mut().insert(ConnectInfo(peer));
            app.clone().oneshot(req)
        });
        let connection = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            // A client that went away or timed out: nothing to report.
            let _ = connection.await;
        });
    }
    drop(listener);
    if tokio::time::timeout(config.shutdown_timeout, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!(
            "停止服务：{} 秒内仍有请求未处理完毕，已断开",
            config.shutdown_timeout.as_secs()
        );
    }
}

/// Completes on SIGTERM (systemd's stop) or Ctrl+C.
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = term.recv() => {}
                    _ = tokio::signal::ctrl_c() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// Serves the application of `state` on `addr` until SIGTERM or Ctrl+C, with the access log.
pub async fn serve_state(addr: &str, state: AppState) -> Result<(), String> {
    tokio::spawn(crate::catalogue::keep_index_fresh(state.clone()));
    let listener = TcpListener::bind(addr)
        .await
        .map_err(|e| format!("无法在 {addr} 上监听：{e}"))?;
    tracing::info!(
        "gongkai 网站已启动：http://{addr}/（对外地址 {}；Ctrl+C 或 SIGTERM 停止）",
        state.config.public_url
    );
    let config = state.config.clone();
    let app = crate::router(state).layer(axum::middleware::from_fn(crate::access_log::log));
    serve_router(listener, app, &config, stop_signal()).await;
    tracing::info!("gongkai 网站已停止");
    Ok(())
}

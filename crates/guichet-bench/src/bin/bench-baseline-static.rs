//! Baseline: a bare axum 0.8 handler on `GET /` returning a fixed HTML page of N bytes.
use axum::Router;
use axum::body::Bytes;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use clap::Parser;

#[derive(Parser)]
#[command(
    name = "bench-baseline-static",
    about = "Minimal axum handler returning a page of N bytes"
)]
struct Args {
    /// Address to listen on, e.g. 127.0.0.1:18081.
    #[arg(long, default_value = "127.0.0.1:18081")]
    listen: String,
    /// Size of the page in bytes.
    #[arg(long, default_value_t = 4096)]
    bytes: usize,
}

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let page = Bytes::from(guichet_bench::static_page(args.bytes));
    let app =
        Router::new().route(
            "/",
            get(move || {
                let page = page.clone();
                async move {
                    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], page).into_response()
                }
            }),
        );
    guichet_bench::serve(&args.listen, app).await
}

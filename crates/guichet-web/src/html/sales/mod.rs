//! Selling: the contact's catalog, cart and orders; staff's catalog and orders.
use axum::Router;

use crate::AppState;

pub mod catalog_import;
pub mod configure;
pub mod images;
pub mod orders;
pub mod quote_thread;
pub mod quotes;
pub mod shop;
pub mod staff_catalog;
pub mod staff_configurator;
pub mod staff_quotes;

pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(shop::routes())
        .merge(orders::routes())
        .merge(quotes::routes())
        .merge(quote_thread::routes())
        .merge(staff_quotes::routes())
        .merge(staff_catalog::routes())
        .merge(staff_configurator::routes())
        .merge(configure::routes())
        .merge(images::routes())
        .merge(catalog_import::routes())
}

/// A tax rate in the reader's language ("9,975 %", "9.975%").
pub fn percent(ctx: &crate::page::PageCtx, milli_percent: &i64) -> String {
    let whole = milli_percent / 1000;
    let frac = (milli_percent % 1000).to_string();
    let frac = format!("{:0>3}", frac);
    let frac = frac.trim_end_matches('0');
    match (ctx.locale, frac.is_empty()) {
        (guichet_domain::Locale::Fr, true) => format!("{whole}\u{a0}%"),
        (guichet_domain::Locale::Fr, false) => format!("{whole},{frac}\u{a0}%"),
        (guichet_domain::Locale::En, true) => format!("{whole}%"),
        (guichet_domain::Locale::En, false) => format!("{whole}.{frac}%"),
    }
}

/// Whether the product a form failed for is this one.
pub fn same(failed: &Option<guichet_domain::ProductId>, id: &guichet_domain::ProductId) -> bool {
    failed.as_ref() == Some(id)
}

/// Whether a customer's segment is this one.
pub fn is_segment(
    segment: &Option<guichet_domain::SegmentId>,
    id: &guichet_domain::SegmentId,
) -> bool {
    segment.as_ref() == Some(id)
}

/// The catalog key naming a tax region.
pub fn region_key(r: &guichet_domain::TaxRegion) -> String {
    format!("tax-region-{}", r.code().to_lowercase())
}

/// The catalog's query string at another page.
pub fn catalog_page_query(q: &str, category: &str, favourites_only: &bool, page: &i64) -> String {
    let mut pairs = vec![("q", q.to_string()), ("category", category.to_string())];
    if *favourites_only {
        pairs.push(("favourites", "1".into()));
    }
    pairs.push(("page", page.to_string()));
    serde_urlencoded::to_string(pairs).unwrap_or_default()
}

/// The catalog's query string (search, category, favourites), to come back to it.
pub fn catalog_query(q: &str, category: &str, favourites_only: &bool) -> String {
    let mut pairs = vec![("q", q), ("category", category)];
    if *favourites_only {
        pairs.push(("favourites", "1"));
    }
    serde_urlencoded::to_string(pairs).unwrap_or_default()
}

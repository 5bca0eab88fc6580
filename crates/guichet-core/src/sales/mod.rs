//! Selling (issue 16): the catalog staff keep, the catalog and cart a contact sees at their
//! account's prices, and orders followed to delivery.
pub mod catalog;
pub mod configure;
pub mod import;
pub mod order_pdf;
pub mod orders;
pub mod quote_pdf;
pub mod quote_thread;
pub mod quotes;
pub mod shop;

pub use catalog::{PriceInput, ProductInput};
pub use configure::{ConfigView, ConfiguratorEdit, GroupInput, OptionInput, RuleInput};
pub use guichet_store::{OrderQuery, ProductQuery, QuoteQuery};
pub use import::{ImportKind, ImportReport, csv_rows};
pub use orders::{MoveInput, OrderView, Reordered, ShipInput};
pub use quotes::{AcceptInput, LineInput, QuoteEdit, QuoteRequestInput, QuoteView};
pub use shop::{CartItem, CartView, CatalogItem, OrderInput};

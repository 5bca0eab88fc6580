//! Selling (issue 16): the catalog staff keep, the catalog and cart a contact sees at their
//! account's prices, and orders followed to delivery.
pub mod catalog;
pub mod import;
pub mod orders;
pub mod shop;

pub use catalog::{PriceInput, ProductInput};
pub use import::{ImportKind, ImportReport, csv_rows};
pub use orders::{MoveInput, OrderView, Reordered, ShipInput};
pub use shop::{CartItem, CartView, CatalogItem, OrderInput};
pub use guichet_store::{OrderQuery, ProductQuery};

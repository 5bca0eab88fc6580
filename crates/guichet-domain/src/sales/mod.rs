//! Selling: money and taxes, the catalog and its price rules, carts and orders.
mod catalog;
mod configurator;
mod money;
mod orders;
mod prices;
mod quotes;
mod taxes;

pub use catalog::*;
pub use configurator::*;
pub use money::*;
pub use orders::*;
pub use prices::*;
pub use quotes::*;
pub use taxes::*;

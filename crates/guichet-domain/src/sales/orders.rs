//! Carts and orders: what a contact is about to order, and orders followed to delivery.
use serde::{Deserialize, Serialize};

use crate::{
    CustomerId, Millis, Money, OrderId, ProductId, TaxAmount, TenantId, Texts, Unit, UserId,
};

/// One product in a contact's cart, with the unit price shown when it was added (a price that
/// changed since is shown and confirmed before ordering).
#[derive(Clone, Debug, PartialEq)]
pub struct CartLine {
    pub tenant_id: TenantId,
    pub user_id: UserId,
    pub customer_id: CustomerId,
    pub product_id: ProductId,
    pub quantity: i64,
    pub seen_unit: Money,
    pub added_at: Millis,
}

/// Where an order stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    /// Above the amount its company set: waits for one of its approvers before it reaches the
    /// provider.
    AwaitingApproval,
    Received,
    InPreparation,
    InProduction,
    /// Some of its products are on their way, the rest to follow.
    PartiallyShipped,
    Shipped,
    Delivered,
    Cancelled,
}

impl OrderStatus {
    pub const ALL: [OrderStatus; 8] = [
        OrderStatus::AwaitingApproval,
        OrderStatus::Received,
        OrderStatus::InPreparation,
        OrderStatus::InProduction,
        OrderStatus::PartiallyShipped,
        OrderStatus::Shipped,
        OrderStatus::Delivered,
        OrderStatus::Cancelled,
    ];
    pub fn code(self) -> &'static str {
        match self {
            OrderStatus::AwaitingApproval => "awaiting_approval",
            OrderStatus::Received => "received",
            OrderStatus::InPreparation => "in_preparation",
            OrderStatus::InProduction => "in_production",
            OrderStatus::PartiallyShipped => "partially_shipped",
            OrderStatus::Shipped => "shipped",
            OrderStatus::Delivered => "delivered",
            OrderStatus::Cancelled => "cancelled",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s)
    }
    /// The order of the way to delivery (cancelled is off it).
    fn step(self) -> Option<u8> {
        match self {
            OrderStatus::Received => Some(0),
            OrderStatus::InPreparation => Some(1),
            OrderStatus::InProduction => Some(2),
            OrderStatus::PartiallyShipped => Some(3),
            OrderStatus::Shipped => Some(4),
            OrderStatus::Delivered => Some(5),
            OrderStatus::Cancelled | OrderStatus::AwaitingApproval => None,
        }
    }
    /// Staff move an order forward through preparation and production (steps may be
    /// skipped, never gone back), mark it delivered once all of it shipped, or cancel it before
    /// anything shipped. Shipping goes through a shipment (`may_ship`). An order awaiting its
    /// company's approval has not reached them.
    pub fn staff_may_move_to(self, to: OrderStatus) -> bool {
        match (self.step(), to) {
            (None, _) => false,
            (Some(from), OrderStatus::Cancelled) => from < 3,
            (_, OrderStatus::Delivered) => self == OrderStatus::Shipped,
            (Some(from), OrderStatus::InPreparation | OrderStatus::InProduction) => {
                to.step().is_some_and(|next| next > from)
            }
            _ => false,
        }
    }
    /// Staff may record a shipment: the order reached them and something is left to ship.
    pub fn may_ship(self) -> bool {
        matches!(
            self,
            OrderStatus::Received
                | OrderStatus::InPreparation
                | OrderStatus::InProduction
                | OrderStatus::PartiallyShipped
        )
    }
    /// The customer may cancel until the provider starts preparing it.
    pub fn customer_may_cancel(self) -> bool {
        matches!(self, OrderStatus::Received | OrderStatus::AwaitingApproval)
    }
    /// The provider sees it (its company approved it, or it needed no approval).
    pub fn reached_provider(self) -> bool {
        self != OrderStatus::AwaitingApproval
    }
    pub fn is_open(self) -> bool {
        !matches!(self, OrderStatus::Delivered | OrderStatus::Cancelled)
    }
    /// The statuses staff may move an order to from here.
    pub fn next_for_staff(self) -> Vec<OrderStatus> {
        Self::ALL
            .into_iter()
            .filter(|to| self.staff_may_move_to(*to))
            .collect()
    }
}

/// A parcel's carrier, for its tracking link.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Carrier {
    CanadaPost,
    Purolator,
    Ups,
    Fedex,
    /// The provider's own truck, or a carrier without a tracking page.
    Other,
}

impl Carrier {
    pub const ALL: [Carrier; 5] = [
        Carrier::CanadaPost,
        Carrier::Purolator,
        Carrier::Ups,
        Carrier::Fedex,
        Carrier::Other,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Carrier::CanadaPost => "canada_post",
            Carrier::Purolator => "purolator",
            Carrier::Ups => "ups",
            Carrier::Fedex => "fedex",
            Carrier::Other => "other",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.code() == s)
    }
    /// The carrier's public tracking page for a tracking number (letters and digits only).
    pub fn tracking_url(self, number: &str) -> Option<String> {
        if number.is_empty() || !number.chars().all(|c| c.is_ascii_alphanumeric()) {
            return None;
        }
        match self {
            Carrier::CanadaPost => Some(format!(
                "https://www.canadapost-postescanada.ca/track-reperage/en#/search?searchFor={number}"
            )),
            Carrier::Purolator => Some(format!(
                "https://www.purolator.com/en/shipping/tracker?pin={number}"
            )),
            Carrier::Ups => Some(format!("https://www.ups.com/track?tracknum={number}")),
            Carrier::Fedex => Some(format!("https://www.fedex.com/fedextrack/?trknbr={number}")),
            Carrier::Other => None,
        }
    }
}

/// A shipment's facts, set when an order ships.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Shipment {
    pub carrier: Option<Carrier>,
    pub tracking: String,
    /// `YYYY-MM-DD`.
    pub expected_on: Option<String>,
}

/// One product ordered, as it was when the order was placed.
#[derive(Clone, Debug, PartialEq)]
pub struct OrderLine {
    pub product_id: ProductId,
    pub sku: String,
    pub name: Texts,
    pub unit: Unit,
    pub quantity: i64,
    pub unit_minor: i64,
    pub total_minor: i64,
    /// How many have been shipped so far.
    pub shipped: i64,
}

/// A parcel (or truck) that left with some of an order's products.
#[derive(Clone, Debug, PartialEq)]
pub struct ShipmentRecord {
    pub id: uuid::Uuid,
    pub tenant_id: TenantId,
    pub order_id: OrderId,
    pub at: Millis,
    pub shipment: Shipment,
    /// (line position, quantity shipped in it).
    pub lines: Vec<(i64, i64)>,
    pub by_name: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Order {
    pub id: OrderId,
    pub tenant_id: TenantId,
    pub customer_id: CustomerId,
    /// The customer's name as it is now (read with the order, never stored with it).
    pub customer_name: String,
    /// 1, 2, 3… per provider, as people quote it.
    pub number: i64,
    pub placed_by: UserId,
    pub placed_by_name: String,
    pub status: OrderStatus,
    /// The customer's purchase order number.
    pub po_number: String,
    pub note: String,
    /// `YYYY-MM-DD`.
    pub requested_on: Option<String>,
    /// The address book's entry delivered to (marked used, so it is never deleted).
    pub address_id: Option<crate::AddressId>,
    /// The delivery address as it was when ordered, one line per row.
    pub ship_to: String,
    pub currency: crate::Currency,
    pub subtotal_minor: i64,
    pub taxes: Vec<TaxAmount>,
    pub total_minor: i64,
    pub shipment: Shipment,
    /// The quote whose acceptance placed it.
    pub quote_id: Option<crate::QuoteId>,
    /// The deposit its quote asked for, due before work starts (0: none).
    pub deposit_minor: i64,
    /// The key the cart's page carried: the same key twice is the same order.
    pub submit_key: uuid::Uuid,
    pub created_at: Millis,
    pub updated_at: Millis,
}

/// An order as a list shows it: what a row of "My orders" needs, read without the rest.
#[derive(Clone, Debug, PartialEq)]
pub struct OrderSummary {
    pub id: OrderId,
    pub number: i64,
    pub placed_by_name: String,
    pub status: OrderStatus,
    pub po_number: String,
    pub currency: crate::Currency,
    pub total_minor: i64,
    pub created_at: Millis,
}

/// One change on an order's timeline.
#[derive(Clone, Debug, PartialEq)]
pub struct OrderEvent {
    pub id: uuid::Uuid,
    pub tenant_id: TenantId,
    pub order_id: OrderId,
    pub at: Millis,
    pub status: OrderStatus,
    pub by_name: String,
    /// What was said with the change (a cancellation's reason, a shipment note).
    pub note: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use OrderStatus::*;

    #[test]
    fn orders_move_forward_only() {
        assert!(Received.staff_may_move_to(InPreparation));
        assert!(Received.staff_may_move_to(InProduction));
        assert!(
            !Received.staff_may_move_to(Shipped),
            "shipping is a shipment"
        );
        assert!(
            !Received.staff_may_move_to(Delivered),
            "only what shipped is delivered"
        );
        assert!(Shipped.staff_may_move_to(Delivered));
        assert!(!PartiallyShipped.staff_may_move_to(Delivered));
        assert!(!PartiallyShipped.staff_may_move_to(Cancelled));
        assert!(PartiallyShipped.may_ship() && Received.may_ship());
        assert!(!Shipped.may_ship() && !AwaitingApproval.may_ship());
        assert!(!Shipped.staff_may_move_to(InPreparation));
        assert!(!Delivered.staff_may_move_to(Delivered));
        assert!(InProduction.staff_may_move_to(Cancelled));
        assert!(!Shipped.staff_may_move_to(Cancelled));
        assert!(!Cancelled.staff_may_move_to(Received));
        assert!(AwaitingApproval.next_for_staff().is_empty());
        assert!(!Received.staff_may_move_to(AwaitingApproval));
        assert!(AwaitingApproval.customer_may_cancel());
        assert!(Received.customer_may_cancel());
        assert!(!InPreparation.customer_may_cancel());
        assert_eq!(Delivered.next_for_staff(), Vec::<OrderStatus>::new());
        assert_eq!(Shipped.next_for_staff(), vec![Delivered]);
        assert_eq!(
            Received.next_for_staff(),
            vec![InPreparation, InProduction, Cancelled]
        );
        for s in OrderStatus::ALL {
            assert_eq!(OrderStatus::parse(s.code()), Some(s));
        }
    }

    #[test]
    fn tracking_links_only_for_plain_numbers() {
        assert_eq!(
            Carrier::Ups.tracking_url("1Z999AA10123456784").as_deref(),
            Some("https://www.ups.com/track?tracknum=1Z999AA10123456784")
        );
        assert_eq!(Carrier::Ups.tracking_url("1Z&x=<script>"), None);
        assert_eq!(Carrier::Other.tracking_url("123"), None);
        assert_eq!(Carrier::Fedex.tracking_url(""), None);
    }
}

//! Orders followed to delivery: contacts see their account's (or their own, as their role
//! says), cancel while allowed and order again; staff move them along.
use guichet_domain::*;
use guichet_store::{Account, OrderQuery, SignedIn, StoreError};

use crate::access::{
    Action, RecordRef, is_company_admin, may_in, require, require_in, role_may, scope_reaches,
};
use crate::error::{CoreError, CoreResult, FieldErrors};
use crate::journal::Event;
use crate::{Client, Portal};

/// An order with its lines and timeline.
#[derive(Clone, Debug)]
pub struct OrderView {
    pub order: Order,
    pub lines: Vec<OrderLine>,
    pub events: Vec<OrderEvent>,
    pub shipments: Vec<ShipmentRecord>,
    /// The reader may cancel it now.
    pub may_cancel: bool,
    /// The reader may put its products in their cart again.
    pub may_reorder: bool,
    /// The order awaits its company's approval and the reader may give it.
    pub may_approve: bool,
}

/// What staff type to move an order (shipping is `ShipInput`).
#[derive(Clone, Debug, Default)]
pub struct MoveInput {
    /// The status the page showed (the order moves only from there).
    pub from: String,
    pub to: String,
    pub note: String,
}

/// What staff type to record a shipment.
#[derive(Clone, Debug, Default)]
pub struct ShipInput {
    /// The status the page showed.
    pub from: String,
    /// (line position, quantity typed) for each line; empty or 0: not in this shipment.
    pub quantities: Vec<(String, String)>,
    pub carrier: String,
    pub tracking: String,
    pub expected_on: String,
    pub note: String,
}

/// What ordering again did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reordered {
    pub added: usize,
    /// Products no longer sold to the account, by SKU.
    pub skipped: Vec<String>,
}

impl Portal {
    /// The account's orders the contact's role reaches, newest first.
    pub async fn portal_orders(
        &self,
        s: &SignedIn,
        account: &Account,
        before: Option<(Millis, OrderId)>,
        limit: i64,
    ) -> CoreResult<Vec<OrderSummary>> {
        require_in(&s.user, account, Module::Orders, Op::View)?;
        let own_only = !scope_reaches(
            &s.user,
            account,
            Module::Orders,
            &RecordRef {
                customer: account.customer.id,
                owner: None,
                kind: None,
            },
        );
        Ok(self
            .store
            .order_summaries(
                s.user.tenant_id,
                &OrderQuery {
                    customer: Some(account.customer.id),
                    placed_by: own_only.then_some(s.user.id),
                    open_only: false,
                    status: None,
                    search: String::new(),
                    limit,
                    before,
                },
            )
            .await?)
    }

    /// The account's newest `limit` orders waiting for an approval (for those who approve).
    pub async fn orders_to_approve(
        &self,
        s: &SignedIn,
        account: &Account,
        limit: i64,
    ) -> CoreResult<Vec<OrderSummary>> {
        if !may_in(&s.user, account, Module::Orders, Op::Edit) {
            return Ok(Vec::new());
        }
        Ok(self
            .store
            .order_summaries(
                s.user.tenant_id,
                &OrderQuery {
                    customer: Some(account.customer.id),
                    placed_by: None,
                    open_only: true,
                    status: Some(OrderStatus::AwaitingApproval),
                    search: String::new(),
                    limit,
                    before: None,
                },
            )
            .await?)
    }

    /// One order of the account that the contact's role reaches (else `NotFound`).
    pub async fn portal_order(
        &self,
        s: &SignedIn,
        account: &Account,
        id: OrderId,
    ) -> CoreResult<OrderView> {
        require_in(&s.user, account, Module::Orders, Op::View)?;
        let order = self.reachable_order(s, account, id).await?;
        let may_cancel = order.status.customer_may_cancel()
            && (may_in(&s.user, account, Module::Orders, Op::Edit)
                || (order.placed_by == s.user.id
                    && may_in(&s.user, account, Module::Orders, Op::Create)));
        let may_reorder = may_in(&s.user, account, Module::Orders, Op::Create);
        let may_approve = order.status == OrderStatus::AwaitingApproval
            && may_in(&s.user, account, Module::Orders, Op::Edit);
        let mut view = self.order_view(order, may_cancel, may_reorder).await?;
        view.may_approve = may_approve;
        Ok(view)
    }

    /// An approver of the company lets an order go to the provider, or refuses it with a
    /// reason; from the status the page showed (else `Stale`).
    pub async fn decide_order(
        &self,
        s: &SignedIn,
        account: &Account,
        client: &Client,
        id: OrderId,
        approve: bool,
        reason: &str,
    ) -> CoreResult<()> {
        let view = self.portal_order(s, account, id).await?;
        require_in(&s.user, account, Module::Orders, Op::Edit)?;
        if view.order.status != OrderStatus::AwaitingApproval {
            return Err(CoreError::Stale("order-no-longer-awaiting"));
        }
        let reason =
            text(reason, 1000, false).map_err(|e| CoreError::field("reason", e.message_key()))?;
        let to = if approve {
            OrderStatus::Received
        } else {
            OrderStatus::Cancelled
        };
        self.move_to(
            &s.user,
            client,
            &view.order,
            to,
            Shipment::default(),
            reason,
        )
        .await?;
        if approve {
            let received = Order {
                status: OrderStatus::Received,
                ..view.order.clone()
            };
            self.announce_order(&received, "received").await;
            self.tell_staff_of_order(&received).await;
        }
        Ok(())
    }

    /// Above which amount the account's orders wait for its approval (contacts who see
    /// orders).
    pub async fn order_approval(&self, s: &SignedIn, account: &Account) -> CoreResult<Option<i64>> {
        require_in(&s.user, account, Module::Orders, Op::View)?;
        Ok(self
            .store
            .approval_threshold(s.user.tenant_id, account.customer.id)
            .await?)
    }

    /// The company administrator sets (or, empty, removes) the amount above which orders wait
    /// for an approver.
    pub async fn set_order_approval(
        &self,
        s: &SignedIn,
        account: &Account,
        client: &Client,
        amount: &str,
    ) -> CoreResult<Option<i64>> {
        require_in(&s.user, account, Module::Orders, Op::View)?;
        if !is_company_admin(&s.user, account) {
            return Err(CoreError::Forbidden);
        }
        let above = match amount.trim() {
            "" => None,
            raw => Some(
                Money::parse_amount(raw)
                    .map_err(|e| CoreError::field("amount", e.message_key()))?,
            ),
        };
        let before = self
            .store
            .approval_threshold(s.user.tenant_id, account.customer.id)
            .await?;
        let shown = |m: Option<i64>| {
            m.map(|m| Money::new(m, Currency::Cad).plain())
                .unwrap_or_else(|| "-".into())
        };
        let entry = self.journal_entry(
            &s.user,
            client,
            Event {
                action: "order.approval",
                object_kind: "customer",
                object_id: account.customer.id.0,
                customer: Some(account.customer.id),
                project: None,
                detail: format!("{} → {}", shown(before), shown(above)),
            },
        );
        self.journaled(
            vec![entry],
            self.store.set_approval_threshold(
                s.user.tenant_id,
                account.customer.id,
                above,
                Millis::now(),
            ),
        )
        .await?;
        Ok(above)
    }

    /// Tells the company's approvers that an order waits for them.
    pub(crate) async fn ask_approvers(&self, account: &Account, order: &Order) {
        let result: CoreResult<()> = async {
            let Some(tenant) = self.store.tenant(order.tenant_id).await? else {
                return Ok(());
            };
            let roles = self.store.roles(order.tenant_id).await?;
            let members = self
                .store
                .contacts_of(order.tenant_id, account.customer.id)
                .await?;
            let link = format!(
                "{}/portal/orders/{}",
                tenant.base_url.trim_end_matches('/'),
                order.id
            );
            let number = order.number.to_string();
            for m in members {
                let approver = roles
                    .iter()
                    .find(|(r, _)| r.id == m.role_id)
                    .is_some_and(|(r, _)| role_may(r, Module::Orders, Op::Edit));
                if !approver || !m.user.active || m.user.id == order.placed_by {
                    continue;
                }
                let total = guichet_i18n::format::money(
                    m.user.locale,
                    order.total_minor,
                    order.currency.code(),
                );
                let args = [
                    ("name", m.user.name.as_str()),
                    ("provider", tenant.name.as_str()),
                    ("number", number.as_str()),
                    ("who", order.placed_by_name.as_str()),
                    ("total", total.as_str()),
                    ("link", link.as_str()),
                ];
                self.notify(
                    &tenant,
                    &m.user,
                    NotifyKind::OrderUpdate,
                    "email-order-approval-subject",
                    "email-order-approval-body",
                    "order-approval-digest-line",
                    &args,
                )
                .await?;
            }
            Ok(())
        }
        .await;
        if let Err(e) = result {
            tracing::warn!(order = %order.id, error = %crate::Chain(&e), "approval emails not queued");
        }
    }

    async fn reachable_order(
        &self,
        s: &SignedIn,
        account: &Account,
        id: OrderId,
    ) -> CoreResult<Order> {
        let order = self
            .store
            .order(s.user.tenant_id, id)
            .await?
            .ok_or(CoreError::NotFound)?;
        let reached = scope_reaches(
            &s.user,
            account,
            Module::Orders,
            &RecordRef {
                customer: order.customer_id,
                owner: Some(order.placed_by),
                kind: None,
            },
        );
        if !reached {
            return Err(CoreError::NotFound);
        }
        Ok(order)
    }

    async fn order_view(
        &self,
        order: Order,
        may_cancel: bool,
        may_reorder: bool,
    ) -> CoreResult<OrderView> {
        let lines = self.store.order_lines(order.tenant_id, order.id).await?;
        let events = self.store.order_events(order.tenant_id, order.id).await?;
        let shipments = self.store.shipments_of(order.tenant_id, order.id).await?;
        Ok(OrderView {
            order,
            lines,
            events,
            shipments,
            may_cancel,
            may_reorder,
            may_approve: false,
        })
    }

    /// The customer cancels an order the provider has not started on.
    pub async fn cancel_order(
        &self,
        s: &SignedIn,
        account: &Account,
        client: &Client,
        id: OrderId,
        reason: &str,
    ) -> CoreResult<()> {
        let view = self.portal_order(s, account, id).await?;
        if !view.may_cancel {
            return Err(if view.order.status.customer_may_cancel() {
                CoreError::Forbidden
            } else {
                CoreError::Stale("order-no-longer-cancellable")
            });
        }
        let reason =
            text(reason, 1000, false).map_err(|e| CoreError::field("reason", e.message_key()))?;
        self.move_to(
            &s.user,
            client,
            &view.order,
            OrderStatus::Cancelled,
            view.order.shipment.clone(),
            reason,
        )
        .await
    }

    /// Puts an order's products back in the contact's cart at today's prices.
    pub async fn reorder(
        &self,
        s: &SignedIn,
        account: &Account,
        id: OrderId,
    ) -> CoreResult<Reordered> {
        let view = self.portal_order(s, account, id).await?;
        require_in(&s.user, account, Module::Orders, Op::Create)?;
        let mut out = Reordered::default();
        for l in &view.lines {
            match self
                .add_to_cart(s, account, l.product_id, &l.quantity.to_string())
                .await
            {
                Ok(_) => out.added += 1,
                Err(CoreError::NotFound | CoreError::Invalid(_)) => out.skipped.push(l.sku.clone()),
                Err(e) => return Err(e),
            }
        }
        Ok(out)
    }

    /// Staff: the provider's orders, newest first: open ones or all, at one status, or found
    /// by number, PO number or customer name.
    pub async fn staff_orders(
        &self,
        actor: &User,
        open_only: bool,
        status: Option<OrderStatus>,
        search: &str,
    ) -> CoreResult<Vec<Order>> {
        require(actor, Action::ViewCustomers)?;
        let search =
            text(search, 100, false).map_err(|e| CoreError::field("q", e.message_key()))?;
        Ok(self
            .store
            .orders(
                actor.tenant_id,
                &OrderQuery {
                    customer: None,
                    placed_by: None,
                    open_only,
                    status,
                    search,
                    limit: 500,
                    before: None,
                },
            )
            .await?
            .into_iter()
            .filter(|o| o.status.reached_provider())
            .collect())
    }

    /// Staff: a customer's orders, newest first.
    pub async fn customer_orders(
        &self,
        actor: &User,
        customer: CustomerId,
    ) -> CoreResult<Vec<Order>> {
        require(actor, Action::ViewCustomers)?;
        Ok(self
            .store
            .orders(
                actor.tenant_id,
                &OrderQuery {
                    customer: Some(customer),
                    placed_by: None,
                    open_only: false,
                    status: None,
                    search: String::new(),
                    limit: 200,
                    before: None,
                },
            )
            .await?
            .into_iter()
            .filter(|o| o.status.reached_provider())
            .collect())
    }

    pub async fn staff_order(&self, actor: &User, id: OrderId) -> CoreResult<OrderView> {
        require(actor, Action::ViewCustomers)?;
        let order = self
            .store
            .order(actor.tenant_id, id)
            .await?
            .filter(|o| o.status.reached_provider())
            .ok_or(CoreError::NotFound)?;
        self.order_view(order, false, false).await
    }

    /// Staff move an order forward (or cancel it before it ships), from the status their page
    /// showed: another move meanwhile is `Stale`, nothing changed.
    pub async fn move_order(
        &self,
        actor: &User,
        client: &Client,
        id: OrderId,
        input: &MoveInput,
    ) -> CoreResult<()> {
        require(actor, Action::ManageOrders)?;
        let order = self
            .store
            .order(actor.tenant_id, id)
            .await?
            .filter(|o| o.status.reached_provider())
            .ok_or(CoreError::NotFound)?;
        let from =
            OrderStatus::parse(&input.from).ok_or(CoreError::field("to", "error-invalid"))?;
        if from != order.status {
            return Err(CoreError::Stale("order-moved-meanwhile"));
        }
        let mut e = FieldErrors::default();
        let to = OrderStatus::parse(&input.to).filter(|to| order.status.staff_may_move_to(*to));
        if to.is_none() {
            e.add("to", "error-invalid");
        }
        let note = e.check("note", text(&input.note, 1000, false));
        let (Some(to), Some(note)) = (to, note) else {
            return Err(CoreError::Invalid(e));
        };
        let shipment = order.shipment.clone();
        self.move_to(actor, client, &order, to, shipment, note)
            .await
    }

    /// Staff record a shipment of some (or the rest) of an order's products, from the status
    /// their page showed: quantities within what is left to ship, a carrier and tracking number
    /// when given; the order becomes partially shipped or shipped.
    pub async fn ship_order(
        &self,
        actor: &User,
        client: &Client,
        id: OrderId,
        input: &ShipInput,
    ) -> CoreResult<()> {
        require(actor, Action::ManageOrders)?;
        let order = self
            .store
            .order(actor.tenant_id, id)
            .await?
            .filter(|o| o.status.reached_provider())
            .ok_or(CoreError::NotFound)?;
        let from =
            OrderStatus::parse(&input.from).ok_or(CoreError::field("to", "error-invalid"))?;
        if from != order.status {
            return Err(CoreError::Stale("order-moved-meanwhile"));
        }
        if !order.status.may_ship() {
            return Err(CoreError::Stale("order-nothing-to-ship"));
        }
        let lines = self.store.order_lines(order.tenant_id, order.id).await?;
        let mut e = FieldErrors::default();
        let mut shipped: Vec<(i64, i64)> = Vec::new();
        for (position, raw) in &input.quantities {
            let Ok(position) = position.parse::<usize>() else {
                e.add("quantity", "error-invalid");
                continue;
            };
            let Some(line) = lines.get(position) else {
                e.add("quantity", "error-invalid");
                continue;
            };
            let raw = raw.trim();
            if raw.is_empty() {
                continue;
            }
            match raw.parse::<i64>() {
                Ok(0) => {}
                Ok(q) if q > 0 && q <= line.quantity - line.shipped => {
                    shipped.push((position as i64, q));
                }
                _ => e.add_named(format!("quantity-{position}"), "error-ship-quantity"),
            }
        }
        if shipped.is_empty() && e.is_empty() {
            e.add("quantity", "error-ship-nothing");
        }
        let carrier = match input.carrier.trim() {
            "" => Some(None),
            c => Carrier::parse(c).map(Some),
        };
        if carrier.is_none() {
            e.add("carrier", "error-invalid");
        }
        let tracking = input.tracking.trim().to_string();
        if tracking.chars().count() > 40 || !tracking.chars().all(|c| c.is_ascii_alphanumeric()) {
            e.add("tracking", "error-tracking");
        }
        let expected_on = e.check("expected_on", date(&input.expected_on));
        let note = e.check("note", text(&input.note, 1000, false));
        let (Some(carrier), Some(expected_on), Some(note)) = (carrier, expected_on, note) else {
            return Err(CoreError::Invalid(e));
        };
        if !e.is_empty() {
            return Err(CoreError::Invalid(e));
        }
        let all_shipped = lines.iter().enumerate().all(|(i, l)| {
            let now = shipped
                .iter()
                .filter(|(p, _)| *p == i as i64)
                .map(|(_, q)| q)
                .sum::<i64>();
            l.shipped + now >= l.quantity
        });
        let to = if all_shipped {
            OrderStatus::Shipped
        } else {
            OrderStatus::PartiallyShipped
        };
        let now = Millis::now();
        let shipment = Shipment {
            carrier,
            tracking,
            expected_on,
        };
        let record = ShipmentRecord {
            id: uuid::Uuid::now_v7(),
            tenant_id: order.tenant_id,
            order_id: order.id,
            at: now,
            shipment: shipment.clone(),
            lines: shipped.clone(),
            by_name: actor.name.clone(),
        };
        let event = OrderEvent {
            id: uuid::Uuid::now_v7(),
            tenant_id: order.tenant_id,
            order_id: order.id,
            at: now,
            status: to,
            by_name: actor.name.clone(),
            note,
        };
        let entry = self.journal_entry(
            actor,
            client,
            Event {
                action: "order.ship",
                object_kind: "order",
                object_id: order.id.0,
                customer: Some(order.customer_id),
                project: None,
                detail: format!(
                    "#{} {} → {} {:?} {}",
                    order.number,
                    order.status.code(),
                    to.code(),
                    shipped,
                    shipment.tracking
                ),
            },
        );
        match self
            .journaled(
                vec![entry],
                self.store
                    .record_shipment(order.tenant_id, order.status, &record, &event),
            )
            .await
        {
            Ok(()) => {}
            Err(StoreError::Conflict { .. }) => {
                return Err(CoreError::Stale("order-moved-meanwhile"));
            }
            Err(e) => return Err(e.into()),
        }
        let moved = Order {
            status: to,
            shipment,
            ..order
        };
        self.announce_order(&moved, to.code()).await;
        Ok(())
    }

    async fn move_to(
        &self,
        by: &User,
        client: &Client,
        order: &Order,
        to: OrderStatus,
        shipment: Shipment,
        note: String,
    ) -> CoreResult<()> {
        let event = OrderEvent {
            id: uuid::Uuid::now_v7(),
            tenant_id: order.tenant_id,
            order_id: order.id,
            at: Millis::now(),
            status: to,
            by_name: by.name.clone(),
            note,
        };
        let entry = self.journal_entry(
            by,
            client,
            Event {
                action: if to == OrderStatus::Cancelled {
                    "order.cancel"
                } else {
                    "order.status"
                },
                object_kind: "order",
                object_id: order.id.0,
                customer: Some(order.customer_id),
                project: None,
                detail: format!("#{} {} → {}", order.number, order.status.code(), to.code()),
            },
        );
        match self
            .journaled(
                vec![entry],
                self.store
                    .move_order(order.tenant_id, order.id, order.status, &shipment, &event),
            )
            .await
        {
            Ok(()) => {}
            Err(StoreError::Conflict { .. }) => {
                return Err(CoreError::Stale("order-moved-meanwhile"));
            }
            Err(e) => return Err(e.into()),
        }
        let moved = Order {
            status: to,
            shipment,
            ..order.clone()
        };
        self.announce_order(&moved, to.code()).await;
        Ok(())
    }

    /// Tells the provider's people who handle orders that one has reached them (as each chose
    /// for order news).
    pub(crate) async fn tell_staff_of_order(&self, order: &Order) {
        let result: CoreResult<()> = async {
            let Some(tenant) = self.store.tenant(order.tenant_id).await? else {
                return Ok(());
            };
            let link = format!(
                "{}/staff/orders/{}",
                tenant.base_url.trim_end_matches('/'),
                order.id
            );
            let number = order.number.to_string();
            for u in self.store.list_staff(order.tenant_id).await? {
                if !crate::access::may(&u, Action::ManageOrders) {
                    continue;
                }
                let total =
                    guichet_i18n::format::money(u.locale, order.total_minor, order.currency.code());
                let args = [
                    ("name", u.name.as_str()),
                    ("provider", tenant.name.as_str()),
                    ("number", number.as_str()),
                    ("company", order.customer_name.as_str()),
                    ("total", total.as_str()),
                    ("link", link.as_str()),
                ];
                self.notify(
                    &tenant,
                    &u,
                    NotifyKind::OrderUpdate,
                    "email-order-new-subject",
                    "email-order-new-body",
                    "order-new-digest-line",
                    &args,
                )
                .await?;
            }
            Ok(())
        }
        .await;
        if let Err(e) = result {
            tracing::warn!(order = %order.id, error = %crate::Chain(&e), "staff not told of the order");
        }
    }

    /// Tells the person who placed an order of its news, as they chose (an email, a line in
    /// their daily summary, or nothing). A failure to queue it is logged: the order moved.
    pub(crate) async fn announce_order(&self, order: &Order, what: &str) {
        let result: CoreResult<()> = async {
            let Some(tenant) = self.store.tenant(order.tenant_id).await? else {
                return Ok(());
            };
            let Some(user) = self.store.user(order.tenant_id, order.placed_by).await? else {
                return Ok(());
            };
            if !user.active {
                return Ok(());
            }
            let link = format!(
                "{}/portal/orders/{}",
                tenant.base_url.trim_end_matches('/'),
                order.id
            );
            let status = self.catalogs.t(
                user.locale,
                &format!("order-status-{}", order.status.code()),
            );
            let number = order.number.to_string();
            let total =
                guichet_i18n::format::money(user.locale, order.total_minor, order.currency.code());
            let tracking = order
                .shipment
                .carrier
                .and_then(|c| c.tracking_url(&order.shipment.tracking))
                .unwrap_or_default();
            let args = [
                ("name", user.name.as_str()),
                ("provider", tenant.name.as_str()),
                ("number", number.as_str()),
                ("status", status.as_str()),
                ("total", total.as_str()),
                ("link", link.as_str()),
                ("tracking", tracking.as_str()),
            ];
            let (subject, body) = if what == "received" {
                ("email-order-received-subject", "email-order-received-body")
            } else {
                ("email-order-moved-subject", "email-order-moved-body")
            };
            self.notify(
                &tenant,
                &user,
                NotifyKind::OrderUpdate,
                subject,
                body,
                "order-digest-line",
                &args,
            )
            .await
        }
        .await;
        if let Err(e) = result {
            tracing::warn!(order = %order.id, error = %crate::Chain(&e), "order email not queued");
        }
    }
}

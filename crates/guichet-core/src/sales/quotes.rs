//! Quotes: contacts ask for one (from their cart or in their own words), staff answer with
//! lines and send revisions as PDFs, and the contact accepts exactly the revision shown — its
//! number and its PDF's SHA-256 — with an e-signature (which places the order), or refuses it.
use guichet_domain::*;
use guichet_store::{Account, QuoteQuery, Settle, SignedIn, StoreError};

use crate::access::{Action, RecordRef, may_in, require, require_in, scope_reaches};
use crate::error::{CoreError, CoreResult, FieldErrors};
use crate::flows::OfferMove;
use crate::journal::Event;
use crate::sales::shop::{address_lines, today};
use crate::{Client, Portal};

/// A quote as its page shows it.
#[derive(Clone, Debug)]
pub struct QuoteView {
    pub quote: Quote,
    /// Its lines: the draft's for staff, the last revision's for the customer.
    pub lines: Vec<QuoteLine>,
    /// The amounts of those lines.
    pub totals: QuoteTotals,
    pub revisions: Vec<QuoteRevision>,
    /// Sent and past its last day.
    pub expired: bool,
    /// The reader may accept or refuse it now.
    pub may_decide: bool,
    /// The quote expired and the reader may ask for it to be renewed.
    pub may_renew: bool,
    /// The order its acceptance placed, with its number.
    pub order: Option<(OrderId, i64)>,
    /// The project it answers for, when the reader may open that project.
    pub project: Option<Project>,
    /// Its thread: questions and answers, oldest first.
    pub messages: Vec<QuoteMessage>,
}

/// What a contact types to ask for a quote.
#[derive(Clone, Debug, Default)]
pub struct QuoteRequestInput {
    pub title: String,
    pub request: String,
    /// Take the products and quantities of the contact's cart.
    pub from_cart: bool,
}

/// What the acceptance form sends: the revision and SHA-256 the page showed, and the
/// signature.
#[derive(Clone, Debug, Default)]
pub struct AcceptInput {
    pub revision: String,
    pub sha256: String,
    /// The signer's name, typed.
    pub name: String,
    /// The signature drawn (`parse_strokes`); empty when signed with the keyboard.
    pub strokes: String,
    pub consent: bool,
    pub po_number: String,
}

/// One line as staff type it.
#[derive(Clone, Debug, Default)]
pub struct LineInput {
    pub product: String,
    pub quantity: String,
    /// Empty: the customer's price.
    pub unit_price: String,
    /// A percentage ("10", "12,5"); empty: none.
    pub discount: String,
}

/// What staff save on a draft.
#[derive(Clone, Debug, Default)]
pub struct QuoteEdit {
    /// The `updated_at` the page showed.
    pub seen: String,
    pub title: String,
    pub lang: String,
    pub valid_until: String,
    pub terms: String,
    pub deposit_percent: String,
    pub lines: Vec<LineInput>,
    /// A product's SKU to add as a new line of one.
    pub add_sku: String,
    /// The customer's project it answers for (its id); empty: none.
    pub project: String,
}

/// A percentage as typed, in hundredths of a percent: "10", "12,5", "12.50 %"; 0 to 100.
pub fn parse_percent(raw: &str) -> Result<i64, ValueError> {
    let t = raw.trim().trim_end_matches('%').trim();
    if t.is_empty() {
        return Ok(0);
    }
    let bp = Money::parse_amount(t).map_err(|_| ValueError::Invalid)?;
    if bp > MAX_DISCOUNT_BP {
        return Err(ValueError::Invalid);
    }
    Ok(bp)
}

impl Portal {
    // --- The customer's side ---

    /// The account's quotes the contact's role reaches, newest first.
    pub async fn portal_quotes(&self, s: &SignedIn, account: &Account) -> CoreResult<Vec<Quote>> {
        require_in(&s.user, account, Module::Quotes, Op::View)?;
        Ok(self
            .store
            .quotes(
                s.user.tenant_id,
                &QuoteQuery {
                    limit: 200,
                    ..account_quotes(s, account)
                },
            )
            .await?)
    }

    /// The quotes answering for a project that the contact's role shows them (sent or
    /// settled; never a draft or a withdrawn one), newest first: its flow's offer page lists
    /// them.
    pub(crate) async fn project_quotes(
        &self,
        s: &SignedIn,
        account: &Account,
        project: ProjectId,
    ) -> CoreResult<Vec<Quote>> {
        if !may_in(&s.user, account, Module::Quotes, Op::View) {
            return Ok(Vec::new());
        }
        Ok(self
            .store
            .quotes(
                s.user.tenant_id,
                &QuoteQuery {
                    project: Some(project),
                    limit: 50,
                    ..account_quotes(s, account)
                },
            )
            .await?
            .into_iter()
            .filter(|q| {
                matches!(
                    q.status,
                    QuoteStatus::Sent | QuoteStatus::Accepted | QuoteStatus::Refused
                )
            })
            .collect())
    }

    /// Whether a project's offer is answered through quotes (it has one sent or settled).
    pub(crate) async fn offer_by_quotes(
        &self,
        tenant: TenantId,
        project: ProjectId,
    ) -> CoreResult<bool> {
        Ok(self
            .store
            .quotes(
                tenant,
                &QuoteQuery {
                    project: Some(project),
                    limit: 50,
                    ..Default::default()
                },
            )
            .await?
            .iter()
            .any(|q| q.revision > 0 && q.status != QuoteStatus::Withdrawn))
    }

    /// The account's quote as it is now, for a decision on it.
    pub(crate) async fn reachable_quote(
        &self,
        s: &SignedIn,
        account: &Account,
        id: QuoteId,
    ) -> CoreResult<Quote> {
        let found = self.store.quote(s.user.tenant_id, id).await?;
        self.reached_quote(s, account, found)
    }

    /// The account's quote to show (a copy kept while no quote changed may answer).
    async fn shown_quote(&self, s: &SignedIn, account: &Account, id: QuoteId) -> CoreResult<Quote> {
        let found = self.store.shown_quote(s.user.tenant_id, id).await?;
        self.reached_quote(s, account, found)
    }

    fn reached_quote(
        &self,
        s: &SignedIn,
        account: &Account,
        found: Option<Quote>,
    ) -> CoreResult<Quote> {
        require_in(&s.user, account, Module::Quotes, Op::View)?;
        let quote = found
            .filter(|q| q.customer_id == account.customer.id)
            .ok_or(CoreError::NotFound)?;
        let reached = scope_reaches(
            &s.user,
            account,
            Module::Quotes,
            &RecordRef {
                customer: quote.customer_id,
                owner: quote.requested_by,
                kind: None,
            },
        );
        if !reached {
            return Err(CoreError::NotFound);
        }
        Ok(quote)
    }

    /// One quote of the account: what was sent (never a draft's lines).
    pub async fn portal_quote(
        &self,
        s: &SignedIn,
        account: &Account,
        id: QuoteId,
    ) -> CoreResult<QuoteView> {
        let quote = self.shown_quote(s, account, id).await?;
        let revisions = self
            .store
            .quote_revisions(quote.tenant_id, quote.id)
            .await?;
        let lines = revisions
            .last()
            .map(|r| r.lines.clone())
            .unwrap_or_default();
        let totals = revisions
            .last()
            .map(|r| r.totals.clone())
            .unwrap_or_default();
        let today = today();
        let decider = may_in(&s.user, account, Module::Quotes, Op::Edit);
        let expired = quote.expired(&today);
        let project = match quote.project_id {
            Some(p) => match self.portal_project(s, account, p).await {
                Ok(p) => Some(p),
                Err(CoreError::NotFound | CoreError::Forbidden) => None,
                Err(e) => return Err(e),
            },
            None => None,
        };
        let messages = self.store.quote_messages(quote.tenant_id, quote.id).await?;
        Ok(QuoteView {
            project,
            messages,
            may_decide: decider && quote.open_for_customer(&today),
            may_renew: expired && may_in(&s.user, account, Module::Quotes, Op::Create),
            expired,
            order: self.order_of(&quote).await?,
            quote,
            lines,
            totals,
            revisions,
        })
    }

    async fn order_of(&self, q: &Quote) -> CoreResult<Option<(OrderId, i64)>> {
        let Some(id) = q.acceptance.as_ref().and_then(|a| a.order_id) else {
            return Ok(None);
        };
        Ok(self
            .store
            .order(q.tenant_id, id)
            .await?
            .map(|o| (o.id, o.number)))
    }

    /// A contact asks for a quote, in its own words and optionally with its cart's products.
    pub async fn request_quote(
        &self,
        s: &SignedIn,
        account: &Account,
        client: &Client,
        input: &QuoteRequestInput,
        file: Option<crate::sales::quote_thread::Attachment<'_>>,
    ) -> CoreResult<QuoteId> {
        require_in(&s.user, account, Module::Quotes, Op::Create)?;
        let mut e = FieldErrors::default();
        let title = e.check("title", text(&input.title, 200, true));
        let request = e.check("request", text(&input.request, 5000, !input.from_cart));
        let (Some(title), Some(request)) = (title, request) else {
            return Err(CoreError::Invalid(e));
        };
        let lines: Vec<QuoteLine> =
            if input.from_cart && may_in(&s.user, account, Module::Orders, Op::Create) {
                self.cart(s, account)
                    .await?
                    .items
                    .into_iter()
                    .map(|i| QuoteLine {
                        product_id: i.product.id,
                        sku: i.product.sku.clone(),
                        name: i.product.name.clone(),
                        unit: i.product.unit,
                        quantity: i.quantity,
                        unit_minor: i.unit_price.map(|m| m.minor).unwrap_or(0),
                        discount_bp: 0,
                    })
                    .collect()
            } else {
                Vec::new()
            };
        if input.from_cart && lines.is_empty() {
            return Err(CoreError::field("request", "quote-cart-empty"));
        }
        // A file sent with the request is kept before anything is written.
        let file = self.keep_file(s.user.tenant_id, file).await?;
        self.file_request(s, account, client, title, request, &lines, file)
            .await
    }

    /// Files a contact's request as a draft (numbered, journaled) with its lines, and tells
    /// staff.
    pub(crate) async fn file_request(
        &self,
        s: &SignedIn,
        account: &Account,
        client: &Client,
        title: String,
        request: String,
        lines: &[QuoteLine],
        file: Option<QuoteFile>,
    ) -> CoreResult<QuoteId> {
        let (buyer, region) = self.buyer(account).await?;
        let now = Millis::now();
        let quote = Quote {
            id: QuoteId::new(),
            tenant_id: s.user.tenant_id,
            customer_id: account.customer.id,
            customer_name: account.customer.name.clone(),
            project_id: None,
            number: 0,
            status: QuoteStatus::Draft,
            title,
            request,
            requested_by: Some(s.user.id),
            requested_by_name: s.user.name.clone(),
            lang: s.user.locale.code().to_string(),
            currency: buyer.currency,
            tax_region: region,
            valid_until: None,
            terms: String::new(),
            deposit_percent: 0,
            revision: 0,
            pdf_sha256: String::new(),
            totals: QuoteTotals::of(lines, region, 0).unwrap_or_default(),
            acceptance: None,
            reason: String::new(),
            decided_by_name: String::new(),
            created_at: now,
            updated_at: now,
        };
        let entry = self.journal_entry(
            &s.user,
            client,
            quote_event(
                "quote.request",
                &quote,
                format!("{} ({} lines)", quote.title, lines.len()),
            ),
        );
        let number = match file {
            Some(file) => {
                let first = QuoteMessage {
                    id: uuid::Uuid::now_v7(),
                    tenant_id: quote.tenant_id,
                    quote_id: quote.id,
                    author: Some(s.user.id),
                    author_name: s.user.name.clone(),
                    from_staff: false,
                    body: String::new(),
                    file: Some(file),
                    created_at: now,
                };
                let write = self.store.insert_quote_with_message(&quote, lines, &first);
                self.journaled(vec![entry], write).await?
            }
            None => {
                self.journaled(vec![entry], self.store.insert_quote(&quote, lines))
                    .await?
            }
        };
        self.tell_staff_of_quote(
            &Quote {
                number,
                ..quote.clone()
            },
            "email-quote-request-subject",
            "email-quote-request-body",
        )
        .await;
        Ok(quote.id)
    }

    /// Accepts the revision the page showed, with the signer's e-signature: the quote is
    /// frozen and its order placed, in one transaction. A revision sent or reopened since, or
    /// a quote past its last day, is not accepted (`Stale`: the page shows what is there now).
    pub async fn accept_quote(
        &self,
        s: &SignedIn,
        account: &Account,
        client: &Client,
        id: QuoteId,
        input: &AcceptInput,
    ) -> CoreResult<(OrderId, i64)> {
        let quote = self.reachable_quote(s, account, id).await?;
        require_in(&s.user, account, Module::Quotes, Op::Edit)?;
        self.check_shown(&quote, &input.revision, &input.sha256)?;
        let mut e = FieldErrors::default();
        let name = e.check("name", text(&input.name, 200, true));
        let po_number = e.check("po_number", text(&input.po_number, 60, false));
        let strokes = parse_strokes(&input.strokes);
        if strokes.is_none() {
            e.add("signature", "quote-signature-invalid");
        }
        if !input.consent {
            e.add("consent", "quote-consent-required");
        }
        let (Some(name), Some(po_number), Some(strokes)) = (name, po_number, strokes) else {
            return Err(CoreError::Invalid(e));
        };
        if !e.is_empty() {
            return Err(CoreError::Invalid(e));
        }
        let revisions = self
            .store
            .quote_revisions(quote.tenant_id, quote.id)
            .await?;
        let sent = revisions
            .into_iter()
            .find(|r| r.revision == quote.revision)
            .ok_or(CoreError::internal("sent quote without its revision"))?;
        let address = self
            .store
            .addresses(s.user.tenant_id, account.customer.id)
            .await?
            .into_iter()
            .filter(|a| a.archived_at.is_none())
            .max_by_key(|a| a.is_default);
        let now = Millis::now();
        let order = Order {
            id: OrderId::new(),
            tenant_id: quote.tenant_id,
            customer_id: quote.customer_id,
            customer_name: quote.customer_name.clone(),
            number: 0,
            placed_by: s.user.id,
            placed_by_name: s.user.name.clone(),
            status: OrderStatus::Received,
            po_number,
            note: String::new(),
            requested_on: None,
            address_id: address.as_ref().map(|a| a.id),
            ship_to: address.as_ref().map(address_lines).unwrap_or_default(),
            currency: quote.currency,
            subtotal_minor: sent.totals.subtotal_minor,
            taxes: sent.totals.taxes.clone(),
            total_minor: sent.totals.total_minor,
            shipment: Shipment::default(),
            quote_id: Some(quote.id),
            deposit_minor: sent.totals.deposit_minor,
            submit_key: uuid::Uuid::now_v7(),
            created_at: now,
            updated_at: now,
        };
        let lines: Vec<OrderLine> = sent
            .lines
            .iter()
            .map(|l| OrderLine {
                product_id: l.product_id,
                sku: l.sku.clone(),
                name: l.name.clone(),
                unit: l.unit,
                quantity: l.quantity,
                unit_minor: l.unit_minor,
                total_minor: l.total_minor().unwrap_or(0),
                shipped: 0,
            })
            .collect();
        let event = OrderEvent {
            id: uuid::Uuid::now_v7(),
            tenant_id: order.tenant_id,
            order_id: order.id,
            at: now,
            status: OrderStatus::Received,
            by_name: s.user.name.clone(),
            note: String::new(),
        };
        let accepted = Quote {
            status: QuoteStatus::Accepted,
            acceptance: Some(Acceptance {
                by: s.user.id,
                name: name.clone(),
                strokes,
                revision: quote.revision,
                sha256: quote.pdf_sha256.clone(),
                at: now,
                ip: client.ip.clone(),
                user_agent: client.user_agent.chars().take(300).collect(),
                order_id: Some(order.id),
            }),
            decided_by_name: s.user.name.clone(),
            updated_at: Millis(now.0.max(quote.updated_at.0 + 1)),
            ..quote.clone()
        };
        let (number, moved) = self
            .settle(
                &s.user,
                client,
                &accepted,
                Settle::Accept {
                    order: &order,
                    lines: &lines,
                    event: &event,
                },
                "quote.accepted",
                format!(
                    "#{} r{} — SHA-256 {} — « {} » — {}",
                    quote.number, quote.revision, quote.pdf_sha256, name, client.ip
                ),
                Some(FlowAction::OfferAccepted),
            )
            .await?;
        let number = number.unwrap_or(0);
        if let Some(m) = &moved {
            self.offer_moved(&s.user, m).await?;
        }
        let placed = Order { number, ..order };
        self.tell_staff_of_quote(
            &accepted,
            "email-quote-accepted-subject",
            "email-quote-accepted-body",
        )
        .await;
        self.tell_staff_of_order(&placed).await;
        self.announce_order(&placed, "received").await;
        // The deposit is asked for at once, on an invoice of its own the customer can pay now.
        // The order stands either way: staff can still ask for it from the order's page.
        if placed.deposit_minor > 0
            && let Err(e) = self
                .issue_deposit(&s.user, client, &placed, quote.number)
                .await
        {
            tracing::warn!(order = %placed.id, error = %crate::Chain(&e), "deposit invoice not issued");
        }
        Ok((placed.id, number))
    }

    /// The page showed this revision and PDF, and the quote may still be answered.
    fn check_shown(&self, quote: &Quote, revision: &str, sha256: &str) -> CoreResult<()> {
        if quote.status != QuoteStatus::Sent {
            return Err(CoreError::Stale(if quote.status == QuoteStatus::Draft {
                "quote-being-revised"
            } else {
                "quote-settled"
            }));
        }
        if revision.trim() != quote.revision.to_string()
            || !sha256.trim().eq_ignore_ascii_case(&quote.pdf_sha256)
        {
            return Err(CoreError::Stale("quote-changed"));
        }
        if quote.expired(&today()) {
            return Err(CoreError::Stale("quote-expired"));
        }
        Ok(())
    }

    /// Refuses the revision the page showed, with a reason.
    pub async fn refuse_quote(
        &self,
        s: &SignedIn,
        account: &Account,
        client: &Client,
        id: QuoteId,
        revision: &str,
        sha256: &str,
        reason: &str,
    ) -> CoreResult<()> {
        let quote = self.reachable_quote(s, account, id).await?;
        require_in(&s.user, account, Module::Quotes, Op::Edit)?;
        self.check_shown(&quote, revision, sha256)?;
        let reason =
            text(reason, 2000, true).map_err(|e| CoreError::field("reason", e.message_key()))?;
        let refused = Quote {
            status: QuoteStatus::Refused,
            reason: reason.clone(),
            decided_by_name: s.user.name.clone(),
            updated_at: Millis(Millis::now().0.max(quote.updated_at.0 + 1)),
            ..quote.clone()
        };
        // The project's offer is refused with its last open quote.
        let others_open = match quote.project_id {
            Some(project) => self
                .store
                .quotes(
                    quote.tenant_id,
                    &QuoteQuery {
                        project: Some(project),
                        status: Some(QuoteStatus::Sent),
                        limit: 100,
                        ..Default::default()
                    },
                )
                .await?
                .iter()
                .any(|o| o.id != quote.id && !o.expired(&today())),
            None => false,
        };
        let (_, moved) = self
            .settle(
                &s.user,
                client,
                &refused,
                Settle::Refuse,
                "quote.refused",
                reason,
                (!others_open).then_some(FlowAction::OfferRefused),
            )
            .await?;
        if let Some(m) = &moved {
            self.offer_moved(&s.user, m).await?;
        }
        self.tell_staff_of_quote(
            &refused,
            "email-quote-refused-subject",
            "email-quote-refused-body",
        )
        .await;
        Ok(())
    }

    /// Asks for an expired quote to be renewed: it goes back to staff as a draft.
    pub async fn renew_quote(
        &self,
        s: &SignedIn,
        account: &Account,
        client: &Client,
        id: QuoteId,
        message: &str,
    ) -> CoreResult<()> {
        let quote = self.reachable_quote(s, account, id).await?;
        require_in(&s.user, account, Module::Quotes, Op::Create)?;
        if !quote.expired(&today()) {
            return Err(CoreError::Stale("quote-not-expired"));
        }
        let message =
            text(message, 2000, false).map_err(|e| CoreError::field("message", e.message_key()))?;
        let reopened = Quote {
            status: QuoteStatus::Draft,
            reason: message.clone(),
            updated_at: Millis(Millis::now().0.max(quote.updated_at.0 + 1)),
            ..quote.clone()
        };
        self.settle(
            &s.user,
            client,
            &reopened,
            Settle::Reopen,
            "quote.renewal",
            message,
            None,
        )
        .await?;
        self.tell_staff_of_quote(
            &reopened,
            "email-quote-renewal-subject",
            "email-quote-renewal-body",
        )
        .await;
        Ok(())
    }

    /// Settles a quote (journaled) and, with `offer`, moves its project's flow by that action
    /// when the project stands at an offer page — both in one transaction. A flow moved by
    /// someone else meanwhile is read again (a few times); a quote changed meanwhile is
    /// `Stale`. Returns the order's number (accepted) and the move made.
    #[allow(clippy::too_many_arguments)]
    async fn settle(
        &self,
        actor: &User,
        client: &Client,
        q: &Quote,
        how: Settle<'_>,
        action: &'static str,
        detail: String,
        offer: Option<FlowAction>,
    ) -> CoreResult<(Option<i64>, Option<OfferMove>)> {
        let mut tries = 0;
        loop {
            tries += 1;
            let moving = match (q.project_id, offer) {
                (Some(p), Some(a)) => self.offer_move(actor, client, p, a).await?,
                _ => None,
            };
            let mut entries =
                vec![self.journal_entry(actor, client, quote_event(action, q, detail.clone()))];
            entries.extend(moving.as_ref().map(|m| m.entry.clone()));
            let flow = moving.as_ref().map(|m| (&m.next, m.from));
            match self
                .journaled(entries, self.store.settle_quote(q, how.clone(), flow))
                .await
            {
                Ok(number) => return Ok((number, moving)),
                Err(StoreError::Conflict { constraint })
                    if constraint == "project_flows_revision" && tries < 4 =>
                {
                    continue;
                }
                Err(StoreError::Conflict { .. }) => return Err(CoreError::Stale("quote-changed")),
                Err(e) => return Err(e.into()),
            }
        }
    }

    /// A revision's PDF, for the customer (only revisions sent to it).
    pub async fn portal_quote_pdf(
        &self,
        s: &SignedIn,
        account: &Account,
        id: QuoteId,
        revision: i64,
    ) -> CoreResult<(Quote, Vec<u8>)> {
        let quote = self.reachable_quote(s, account, id).await?;
        let pdf = self.revision_pdf(&quote, revision).await?;
        Ok((quote, pdf))
    }

    // --- The provider's side ---

    /// Staff: the provider's quotes, newest first, optionally at one status.
    pub async fn staff_quotes(
        &self,
        actor: &User,
        status: Option<QuoteStatus>,
        customer: Option<CustomerId>,
    ) -> CoreResult<Vec<Quote>> {
        require(actor, Action::ViewCustomers)?;
        Ok(self
            .store
            .quotes(
                actor.tenant_id,
                &QuoteQuery {
                    customer,
                    status,
                    limit: 500,
                    ..Default::default()
                },
            )
            .await?)
    }

    /// Staff: one quote with its draft lines and every revision sent.
    pub async fn staff_quote(&self, actor: &User, id: QuoteId) -> CoreResult<QuoteView> {
        require(actor, Action::ViewCustomers)?;
        let quote = self
            .store
            .quote(actor.tenant_id, id)
            .await?
            .ok_or(CoreError::NotFound)?;
        let lines = self.store.quote_lines(actor.tenant_id, id).await?;
        let revisions = self.store.quote_revisions(actor.tenant_id, id).await?;
        let project = match quote.project_id {
            Some(p) => self.store.project(actor.tenant_id, p).await?,
            None => None,
        };
        let messages = self.store.quote_messages(actor.tenant_id, id).await?;
        Ok(QuoteView {
            project,
            messages,
            expired: quote.expired(&today()),
            may_decide: false,
            may_renew: false,
            order: self.order_of(&quote).await?,
            totals: quote.totals.clone(),
            quote,
            lines,
            revisions,
        })
    }

    /// Staff start a quote for a customer (a draft, seen by nobody outside until sent).
    pub async fn new_quote(
        &self,
        actor: &User,
        client: &Client,
        customer: CustomerId,
        project: Option<ProjectId>,
        title: &str,
    ) -> CoreResult<QuoteId> {
        require(actor, Action::ManageOrders)?;
        let title =
            text(title, 200, true).map_err(|e| CoreError::field("title", e.message_key()))?;
        let c = self
            .store
            .customer(actor.tenant_id, customer)
            .await?
            .ok_or(CoreError::field("customer", "error-invalid"))?;
        if let Some(p) = project
            && !self
                .store
                .project(actor.tenant_id, p)
                .await?
                .is_some_and(|p| p.customer_id == c.id)
        {
            return Err(CoreError::field("project", "error-invalid"));
        }
        let terms = self.terms_of(actor.tenant_id, customer).await?;
        let tenant = self
            .store
            .tenant(actor.tenant_id)
            .await?
            .ok_or(CoreError::NotFound)?;
        let now = Millis::now();
        let quote = Quote {
            id: QuoteId::new(),
            tenant_id: actor.tenant_id,
            customer_id: c.id,
            customer_name: c.name.clone(),
            project_id: project,
            number: 0,
            status: QuoteStatus::Draft,
            title,
            request: String::new(),
            requested_by: None,
            requested_by_name: String::new(),
            lang: tenant.default_locale.code().to_string(),
            currency: Currency::parse(&c.currency).unwrap_or_default(),
            tax_region: terms.tax_region,
            valid_until: None,
            terms: String::new(),
            deposit_percent: 0,
            revision: 0,
            pdf_sha256: String::new(),
            totals: QuoteTotals::default(),
            acceptance: None,
            reason: String::new(),
            decided_by_name: String::new(),
            created_at: now,
            updated_at: now,
        };
        let entry = self.journal_entry(
            actor,
            client,
            quote_event("quote.create", &quote, quote.title.clone()),
        );
        self.journaled(vec![entry], self.store.insert_quote(&quote, &[]))
            .await?;
        Ok(quote.id)
    }

    /// Staff save a draft: its lines (a product by id, quantity, price — empty: the
    /// customer's — and discount), validity, terms and deposit. Saved only as the page showed
    /// it (else `Conflict`).
    pub async fn save_quote(
        &self,
        actor: &User,
        client: &Client,
        id: QuoteId,
        input: &QuoteEdit,
    ) -> CoreResult<()> {
        require(actor, Action::ManageOrders)?;
        let view = self.staff_quote(actor, id).await?;
        let quote = view.quote;
        if !quote.status.staff_may_edit() {
            return Err(CoreError::Stale("quote-not-draft"));
        }
        let seen = input
            .seen
            .trim()
            .parse::<i64>()
            .map(Millis)
            .map_err(|_| CoreError::Conflict)?;
        let mut e = FieldErrors::default();
        let title = e.check("title", text(&input.title, 200, true));
        let terms = e.check("terms", text(&input.terms, 5000, false));
        let valid_until = e.check("valid_until", date(&input.valid_until));
        let deposit = match input.deposit_percent.trim() {
            "" => Some(0),
            raw => match raw.trim_end_matches('%').trim().parse::<i64>() {
                Ok(p) if (0..=100).contains(&p) => Some(p),
                _ => {
                    e.add("deposit_percent", "quote-deposit-invalid");
                    None
                }
            },
        };
        let lang = if input.lang == "en" { "en" } else { "fr" };
        let project = match input.project.trim() {
            "" => None,
            raw => match raw.parse::<ProjectId>() {
                Ok(id)
                    if self
                        .store
                        .project(actor.tenant_id, id)
                        .await?
                        .is_some_and(|p| p.customer_id == quote.customer_id) =>
                {
                    Some(id)
                }
                _ => {
                    e.add("project", "error-invalid");
                    None
                }
            },
        };
        let (buyer, region) = {
            let c = self
                .store
                .customer(actor.tenant_id, quote.customer_id)
                .await?
                .ok_or(CoreError::NotFound)?;
            let terms = self.terms_of(actor.tenant_id, c.id).await?;
            (
                Buyer {
                    customer: c.id,
                    segment: terms.segment_id,
                    currency: quote.currency,
                },
                terms.tax_region,
            )
        };
        let today = today();
        let mut lines = Vec::new();
        for (i, l) in input.lines.iter().enumerate() {
            let Ok(product) = l.product.trim().parse::<ProductId>() else {
                e.add_named(format!("line-{i}"), "error-invalid");
                continue;
            };
            let quantity = match l.quantity.trim() {
                "" | "0" => continue,
                q => match q.parse::<i64>() {
                    Ok(q) if (1..=1_000_000).contains(&q) => q,
                    _ => {
                        e.add_named(format!("quantity-{i}"), "error-quantity");
                        continue;
                    }
                },
            };
            let Some(p) = self.store.product(actor.tenant_id, product).await? else {
                e.add_named(format!("line-{i}"), "error-invalid");
                continue;
            };
            let unit_minor = match l.unit_price.trim() {
                "" => {
                    let rules = self.store.prices_of(actor.tenant_id, p.id).await?;
                    match price_for(&rules, &buyer, quantity, &today) {
                        Some(r) => r.unit_minor,
                        None => {
                            e.add_named(format!("price-{i}"), "quote-price-required");
                            continue;
                        }
                    }
                }
                raw => match Money::parse_amount(raw) {
                    Ok(m) => m,
                    Err(err) => {
                        e.add_named(format!("price-{i}"), err.message_key());
                        continue;
                    }
                },
            };
            let discount_bp = match parse_percent(&l.discount) {
                Ok(d) => d,
                Err(_) => {
                    e.add_named(format!("discount-{i}"), "quote-discount-invalid");
                    continue;
                }
            };
            lines.push(QuoteLine {
                product_id: p.id,
                sku: p.sku.clone(),
                name: p.name.clone(),
                unit: p.unit,
                quantity,
                unit_minor,
                discount_bp,
            });
        }
        let add = input.add_sku.trim();
        if !add.is_empty() {
            match self
                .store
                .product_by_sku(actor.tenant_id, &add.to_uppercase())
                .await?
            {
                Some(p) => {
                    let rules = self.store.prices_of(actor.tenant_id, p.id).await?;
                    let quantity = p.min_quantity.max(1);
                    let unit_minor = price_for(&rules, &buyer, quantity, &today)
                        .map(|r| r.unit_minor)
                        .unwrap_or(0);
                    lines.push(QuoteLine {
                        product_id: p.id,
                        sku: p.sku.clone(),
                        name: p.name.clone(),
                        unit: p.unit,
                        quantity,
                        unit_minor,
                        discount_bp: 0,
                    });
                }
                None => e.add("add_sku", "quote-sku-unknown"),
            }
        }
        if lines.len() > 200 {
            e.add("add_sku", "quote-too-many-lines");
        }
        let (Some(title), Some(terms), Some(valid_until), Some(deposit)) =
            (title, terms, valid_until, deposit)
        else {
            return Err(CoreError::Invalid(e));
        };
        if !e.is_empty() {
            return Err(CoreError::Invalid(e));
        }
        let totals = QuoteTotals::of(&lines, region, deposit)
            .ok_or(CoreError::field("add_sku", "quote-too-large"))?;
        let saved = Quote {
            title,
            terms,
            valid_until,
            deposit_percent: deposit,
            lang: lang.into(),
            tax_region: region,
            totals,
            project_id: project,
            updated_at: Millis(Millis::now().0.max(seen.0 + 1)),
            ..quote.clone()
        };
        let entry = self.journal_entry(
            actor,
            client,
            quote_event(
                "quote.edit",
                &saved,
                format!(
                    "{} lines, {}",
                    lines.len(),
                    Money::new(saved.totals.total_minor, saved.currency).plain()
                ),
            ),
        );
        match self
            .journaled(vec![entry], self.store.save_quote(&saved, &lines, seen))
            .await
        {
            Ok(()) => Ok(()),
            Err(StoreError::Conflict { .. }) => Err(CoreError::Conflict),
            Err(StoreError::NotFound) => Err(CoreError::field("add_sku", "quote-sku-unknown")),
            Err(e) => Err(e.into()),
        }
    }

    /// Staff send the draft as the next revision: its PDF is made, kept by its SHA-256, and
    /// the customer's contacts who see quotes are told.
    pub async fn send_quote(
        &self,
        actor: &User,
        client: &Client,
        id: QuoteId,
        seen: &str,
    ) -> CoreResult<i64> {
        require(actor, Action::ManageOrders)?;
        let view = self.staff_quote(actor, id).await?;
        let quote = view.quote;
        if !quote.status.staff_may_edit() {
            return Err(CoreError::Stale("quote-not-draft"));
        }
        let seen = seen
            .trim()
            .parse::<i64>()
            .map(Millis)
            .map_err(|_| CoreError::Conflict)?;
        if seen != quote.updated_at {
            return Err(CoreError::Conflict);
        }
        if view.lines.is_empty() {
            return Err(CoreError::field("add_sku", "quote-no-lines"));
        }
        match &quote.valid_until {
            None => {
                return Err(CoreError::field(
                    "valid_until",
                    "quote-valid-until-required",
                ));
            }
            Some(d) if d.as_str() < today().as_str() => {
                return Err(CoreError::field("valid_until", "error-date-past"));
            }
            Some(_) => {}
        }
        let totals = QuoteTotals::of(&view.lines, quote.tax_region, quote.deposit_percent)
            .ok_or(CoreError::field("add_sku", "quote-too-large"))?;
        let revision = quote.revision + 1;
        let now = Millis(Millis::now().0.max(quote.updated_at.0 + 1));
        let sent = Quote {
            revision,
            totals: totals.clone(),
            status: QuoteStatus::Sent,
            updated_at: now,
            ..quote.clone()
        };
        let pdf = self.quote_pdf_bytes(&sent, &view.lines, actor).await?;
        let blob = self.store_pdf(pdf).await?;
        let record = QuoteRevision {
            quote_id: quote.id,
            revision,
            sha256: blob.sha256.clone(),
            size: blob.size as i64,
            lines: view.lines.clone(),
            totals,
            valid_until: quote.valid_until.clone(),
            sent_by_name: actor.name.clone(),
            sent_at: now,
        };
        let entry = self.journal_entry(
            actor,
            client,
            quote_event(
                "quote.sent",
                &sent,
                format!("#{} r{revision} — SHA-256 {}", quote.number, blob.sha256),
            ),
        );
        match self
            .journaled(
                vec![entry],
                self.store.send_quote(actor.tenant_id, id, &record, seen),
            )
            .await
        {
            Ok(()) => {}
            Err(StoreError::Conflict { .. }) => return Err(CoreError::Conflict),
            Err(e) => return Err(e.into()),
        }
        self.announce_quote(
            &Quote {
                pdf_sha256: blob.sha256,
                ..sent
            },
            (
                "email-quote-sent-subject",
                "email-quote-sent-body",
                "quote-sent-digest-line",
            ),
            "",
        )
        .await;
        Ok(revision)
    }

    /// Staff take a sent quote back to revise it: from now on its revision can no longer be
    /// accepted.
    pub async fn reopen_quote(&self, actor: &User, client: &Client, id: QuoteId) -> CoreResult<()> {
        require(actor, Action::ManageOrders)?;
        let quote = self.staff_quote(actor, id).await?.quote;
        if quote.status != QuoteStatus::Sent {
            return Err(CoreError::Stale("quote-settled"));
        }
        let reopened = Quote {
            status: QuoteStatus::Draft,
            updated_at: Millis(Millis::now().0.max(quote.updated_at.0 + 1)),
            ..quote.clone()
        };
        self.settle(
            actor,
            client,
            &reopened,
            Settle::Reopen,
            "quote.reopen",
            format!("#{} r{}", quote.number, quote.revision),
            None,
        )
        .await
        .map(|_| ())
    }

    /// Staff withdraw a sent quote.
    pub async fn withdraw_quote(
        &self,
        actor: &User,
        client: &Client,
        id: QuoteId,
    ) -> CoreResult<()> {
        require(actor, Action::ManageOrders)?;
        let quote = self.staff_quote(actor, id).await?.quote;
        if quote.status != QuoteStatus::Sent {
            return Err(CoreError::Stale("quote-settled"));
        }
        let withdrawn = Quote {
            status: QuoteStatus::Withdrawn,
            decided_by_name: actor.name.clone(),
            updated_at: Millis(Millis::now().0.max(quote.updated_at.0 + 1)),
            ..quote.clone()
        };
        self.settle(
            actor,
            client,
            &withdrawn,
            Settle::Withdraw,
            "quote.withdrawn",
            format!("#{}", quote.number),
            None,
        )
        .await
        .map(|_| ())
    }

    /// Staff: a revision's PDF.
    pub async fn staff_quote_pdf(
        &self,
        actor: &User,
        id: QuoteId,
        revision: i64,
    ) -> CoreResult<(Quote, Vec<u8>)> {
        let quote = self.staff_quote(actor, id).await?.quote;
        let pdf = self.revision_pdf(&quote, revision).await?;
        Ok((quote, pdf))
    }

    /// Tells the provider's people who handle orders of a quote's news.
    pub(crate) async fn tell_staff_of_quote(&self, q: &Quote, subject: &str, body: &str) {
        let result: CoreResult<()> = async {
            let Some(tenant) = self.store.tenant(q.tenant_id).await? else {
                return Ok(());
            };
            let link = format!(
                "{}/staff/quotes/{}",
                tenant.base_url.trim_end_matches('/'),
                q.id
            );
            let number = q.number.to_string();
            for u in self.store.list_staff(q.tenant_id).await? {
                if !u.active || !crate::access::may(&u, Action::ManageOrders) {
                    continue;
                }
                let args = [
                    ("name", u.name.as_str()),
                    ("provider", tenant.name.as_str()),
                    ("number", number.as_str()),
                    ("company", q.customer_name.as_str()),
                    ("title", q.title.as_str()),
                    ("reason", q.reason.as_str()),
                    ("link", link.as_str()),
                ];
                self.notify(
                    &tenant,
                    &u,
                    NotifyKind::OrderUpdate,
                    subject,
                    body,
                    "quote-staff-digest-line",
                    &args,
                )
                .await?;
            }
            Ok(())
        }
        .await;
        if let Err(e) = result {
            tracing::warn!(quote = %q.id, error = %crate::Chain(&e), "staff not told of the quote");
        }
    }

    /// Tells the customer's contacts who see the quote of its news (`keys`: the email's
    /// subject, body and digest line; `message`: staff's words, when they wrote some), as each
    /// chose.
    pub(crate) async fn announce_quote(
        &self,
        q: &Quote,
        (subject, body, line): (&str, &str, &str),
        message: &str,
    ) {
        let result: CoreResult<()> = async {
            let Some(tenant) = self.store.tenant(q.tenant_id).await? else {
                return Ok(());
            };
            let roles = self.store.roles(q.tenant_id).await?;
            let link = format!(
                "{}/portal/quotes/{}",
                tenant.base_url.trim_end_matches('/'),
                q.id
            );
            let number = q.number.to_string();
            for m in self.store.contacts_of(q.tenant_id, q.customer_id).await? {
                let Some((role, _)) = roles.iter().find(|(r, _)| r.id == m.role_id) else {
                    continue;
                };
                let reached = crate::access::role_may(role, Module::Quotes, Op::View)
                    && crate::access::role_reaches(
                        &m.user,
                        role,
                        q.customer_id,
                        Module::Quotes,
                        &RecordRef {
                            customer: q.customer_id,
                            owner: q.requested_by,
                            kind: None,
                        },
                    );
                if !m.user.active || !reached {
                    continue;
                }
                let total = guichet_i18n::format::money(
                    m.user.locale,
                    q.totals.total_minor,
                    q.currency.code(),
                );
                let until = q
                    .valid_until
                    .as_deref()
                    .map(|d| guichet_i18n::format::calendar_date(m.user.locale, d))
                    .unwrap_or_default();
                let args = [
                    ("name", m.user.name.as_str()),
                    ("provider", tenant.name.as_str()),
                    ("number", number.as_str()),
                    ("title", q.title.as_str()),
                    ("total", total.as_str()),
                    ("until", until.as_str()),
                    ("link", link.as_str()),
                    ("message", message),
                ];
                self.notify(
                    &tenant,
                    &m.user,
                    NotifyKind::QuoteToApprove,
                    subject,
                    body,
                    line,
                    &args,
                )
                .await?;
            }
            Ok(())
        }
        .await;
        if let Err(e) = result {
            tracing::warn!(quote = %q.id, error = %crate::Chain(&e), "quote email not queued");
        }
    }
}

/// The quotes of the contact's account their role reaches: all of the company's, or only those
/// they asked for.
fn account_quotes(s: &SignedIn, account: &Account) -> QuoteQuery {
    let own_only = !scope_reaches(
        &s.user,
        account,
        Module::Quotes,
        &RecordRef {
            customer: account.customer.id,
            owner: None,
            kind: None,
        },
    );
    QuoteQuery {
        customer: Some(account.customer.id),
        requested_by: own_only.then_some(s.user.id),
        ..Default::default()
    }
}

/// The journal's record of a change to a quote.
fn quote_event(action: &'static str, q: &Quote, detail: String) -> Event<'static> {
    Event {
        action,
        object_kind: "quote",
        object_id: q.id.0,
        customer: Some(q.customer_id),
        project: None,
        detail,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_as_typed() {
        assert_eq!(parse_percent(""), Ok(0));
        assert_eq!(parse_percent("10"), Ok(1000));
        assert_eq!(parse_percent("12,5 %"), Ok(1250));
        assert_eq!(parse_percent("100"), Ok(10_000));
        assert!(parse_percent("100.01").is_err());
        assert!(parse_percent("-5").is_err());
        assert!(parse_percent("abc").is_err());
    }
}

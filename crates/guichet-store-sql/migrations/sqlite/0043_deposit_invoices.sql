-- Deposit invoices (issue 17): an order from a quote with a deposit is billed the deposit at
-- once, on an invoice of its own (is_deposit: it asks for the deposit of order_id's quote, with
-- no taxes — a deposit is not yet a supply); the order's invoice later sets that invoice's
-- amount against its total (deposit_from, deposit_minor), after its taxes.
ALTER TABLE invoices ADD COLUMN is_deposit BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE invoices ADD COLUMN deposit_from BLOB REFERENCES invoices (id);
ALTER TABLE invoices ADD COLUMN deposit_minor INTEGER NOT NULL DEFAULT 0;

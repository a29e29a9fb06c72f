-- Delivery records are receipts now (acked or failed, written once in bulk); nothing reads them by recipient, and this
-- index was rewritten on every ack.
DROP INDEX IF EXISTS ix_delivery_recipient;

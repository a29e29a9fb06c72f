-- Web Push (issue 18): a browser's push subscription is a device too — its push service endpoint (unique, like the
-- other tokens) and the keys its messages are encrypted for (RFC 8291), base64url.
ALTER TABLE devices
    ADD COLUMN web_endpoint text UNIQUE,
    ADD COLUMN web_p256dh text,
    ADD COLUMN web_auth text;

-- The W3C traceparent of the span that queued each push: the dispatcher's push.send links back to the alert's trace.
ALTER TABLE push_jobs ADD COLUMN trace_parent text;

// Pauses or resumes a hook (webhook_id constraint). Resuming re-arms a hook that gave up
// (FAILING): its failures are forgotten and delivery goes on from its cursor at once.
MATCH (h:Webhook {id: $id})
SET h._lock = true
REMOVE h._lock
SET h.status = $status, h.updatedAt = $now
FOREACH (_ IN CASE WHEN $status = 'ACTIVE' THEN [1] ELSE [] END |
  SET h.failures = 0, h.failingSince = null, h.nextAttemptAt = null, h.lastError = null)
RETURN h {.*, secret: null, previousSecret: null} AS hook

// Moves a hook's cursor (webhook_id constraint): delivery goes on after $after, at once, with
// its failures forgotten. Returns the sequence's visible and floor to check the cursor.
MATCH (h:Webhook {id: $id})
SET h._lock = true
REMOVE h._lock
WITH h
OPTIONAL MATCH (s:ChangeSequence {id: 'changes'})
SET h.cursor = $after, h.failures = 0, h.failingSince = null, h.nextAttemptAt = null,
  h.lastError = null, h.updatedAt = $now
RETURN h {.*, secret: null} AS hook, coalesce(s.visible, 0) AS visible, coalesce(s.floor, 0) AS floor

// Moves a hook's cursor (webhook_id constraint): delivery goes on after $after, at once, with
// its failures forgotten, as replay number h.replays + 1 (the delivery log marks the attempts of
// each replay with its number). Returns the sequence's visible and floor to check the cursor.
MATCH (h:Webhook {id: $id})
SET h._lock = true
REMOVE h._lock
WITH h
OPTIONAL MATCH (s:ChangeSequence {id: 'changes'})
SET h.cursor = $after, h.replays = coalesce(h.replays, 0) + 1, h.failures = 0, h.failingSince = null, h.nextAttemptAt = null,
  h.lastError = null, h.updatedAt = $now
RETURN h {.*, secret: null, previousSecret: null} AS hook, coalesce(s.visible, 0) AS visible, coalesce(s.floor, 0) AS floor

// Gives a hook a new signing secret (webhook_id constraint). The old one goes on signing, next to
// the new, until $previousUntil (the overlap, so that receivers can switch when they like);
// $previousUntil null stops it at once.
MATCH (h:Webhook {id: $id})
SET h._lock = true
REMOVE h._lock
SET h.previousSecret = CASE WHEN $previousUntil IS NULL THEN null ELSE h.secret END,
  h.previousSecretUntil = $previousUntil,
  h.secret = $secret, h.updatedAt = $now
RETURN h {.*, secret: null, previousSecret: null} AS hook

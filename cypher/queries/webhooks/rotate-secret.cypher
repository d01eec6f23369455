// Gives a hook a new signing secret (webhook_id constraint); the old one stops at once.
MATCH (h:Webhook {id: $id})
SET h.secret = $secret, h.updatedAt = $now
RETURN h {.*, secret: null} AS hook

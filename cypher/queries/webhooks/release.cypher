// Gives a lease back (shutdown), so that another process takes the hook over at once.
MATCH (h:Webhook {id: $id})
SET h._lock = true
REMOVE h._lock
WITH h WHERE h.leaseOwner = $owner
SET h.leaseOwner = null, h.leaseUntil = null
RETURN h.id AS id

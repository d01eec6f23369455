// Takes or renews the delivery lease of one hook (webhook_id constraint). The write lock is
// taken first, so the lease is read as the last holder committed it: two processes never both
// hold it. Answers the hook with its secret and filter while it is active and the lease ours;
// no row otherwise.
MATCH (h:Webhook {id: $id})
SET h._lock = true
REMOVE h._lock
WITH h
WHERE h.status = 'ACTIVE' AND (h.leaseOwner IS NULL OR h.leaseOwner = $owner OR h.leaseUntil < $now)
SET h.leaseOwner = $owner, h.leaseUntil = $until
RETURN h {.id, .url, .filterJson, .secret, .cursor, .failures, .failingSince, .updatedAt,
  previousSecret: CASE WHEN h.previousSecretUntil > $now THEN h.previousSecret END,
  previousSecretUntil: CASE WHEN h.previousSecretUntil > $now THEN h.previousSecretUntil END,
  replays: coalesce(h.replays, 0)} AS hook

// The delivery worker's look, once a round: the active hooks behind the feed's visible number
// whose next attempt is due, with their lease and updatedAt (an admin's change since the worker
// claimed it: claim again), the longest waiting first (the worker starts at most
// WEBHOOK_CONCURRENCY at a time). Hooks are nodes admins register: hundreds, not millions.
OPTIONAL MATCH (s:ChangeSequence {id: 'changes'})
WITH coalesce(s.visible, 0) AS visible
MATCH (h:Webhook)
WHERE h.status = 'ACTIVE' AND h.cursor < visible AND (h.nextAttemptAt IS NULL OR h.nextAttemptAt <= $now)
RETURN h.id AS id, h.leaseOwner AS leaseOwner, h.leaseUntil AS leaseUntil, h.updatedAt AS updatedAt
ORDER BY coalesce(h.lastDeliveryAt, '') ASC

// One page of a hook's delivery log, newest first, keyset-paginated on (at, id) below $before
// (webhook_delivery_hook index).
MATCH (d:WebhookDelivery)
USING INDEX d:WebhookDelivery(hookId, at)
WHERE d.hookId = $hookId AND d.at IS NOT NULL AND ($beforeAt IS NULL OR d.at < $beforeAt OR (d.at = $beforeAt AND d.id < $beforeId))
WITH d ORDER BY d.at DESC, d.id DESC
LIMIT $limit
RETURN d {.*} AS delivery

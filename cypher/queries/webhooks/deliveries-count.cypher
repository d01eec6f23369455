// How many attempts a hook's delivery log holds (webhookDeliveries.totalCount, asked only when
// selected): counted on the webhook_delivery_hook index, not by reading the attempts.
MATCH (d:WebhookDelivery)
USING INDEX d:WebhookDelivery(hookId, at)
WHERE d.hookId = $hookId AND d.at IS NOT NULL
RETURN count(d) AS total

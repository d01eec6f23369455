// Retention of the delivery log: deletes up to $batch attempts logged before $before
// (webhook_delivery_at index).
MATCH (d:WebhookDelivery)
WHERE d.at < $before
WITH d LIMIT $batch
DETACH DELETE d
RETURN count(*) AS pruned

// Webhooks (docs/live.md, "Webhooks"): a (:Webhook) node per hook, holding its URL, filter,
// secret, cursor in the change feed and the lease of the process that delivers it; a
// (:WebhookDelivery) node per attempt, found by hook in time order and pruned by age.
CREATE CONSTRAINT webhook_id IF NOT EXISTS FOR (h:Webhook) REQUIRE h.id IS UNIQUE;
CREATE CONSTRAINT webhook_delivery_id IF NOT EXISTS FOR (d:WebhookDelivery) REQUIRE d.id IS UNIQUE;
CREATE INDEX webhook_delivery_hook IF NOT EXISTS FOR (d:WebhookDelivery) ON (d.hookId, d.at);
CREATE INDEX webhook_delivery_at IF NOT EXISTS FOR (d:WebhookDelivery) ON (d.at);

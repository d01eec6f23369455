// Deletes a hook and its delivery log (webhook_id constraint, webhook_delivery_hook index).
MATCH (h:Webhook {id: $id})
CALL (h) {
  MATCH (d:WebhookDelivery)
  USING INDEX d:WebhookDelivery(hookId, at)
  WHERE d.hookId = h.id AND d.at IS NOT NULL
  DETACH DELETE d
}
DETACH DELETE h
RETURN true AS deleted

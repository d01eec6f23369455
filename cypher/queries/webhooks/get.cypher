// One hook by id (webhook_id constraint), without its secret.
MATCH (h:Webhook {id: $id})
RETURN h {.*, secret: null, previousSecret: null} AS hook

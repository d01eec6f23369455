// Every hook, newest first, without secrets: a handful of nodes an admin registered.
MATCH (h:Webhook)
RETURN h {.*, secret: null, previousSecret: null} AS hook
ORDER BY h.createdAt DESC

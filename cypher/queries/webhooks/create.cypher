// Registers a hook. Its cursor is $after, or the feed's newest visible number (now) when null;
// returns the sequence's visible and floor so that the service can refuse a cursor ahead of the
// feed or expired (and roll this transaction back).
OPTIONAL MATCH (s:ChangeSequence {id: 'changes'})
WITH coalesce(s.visible, 0) AS visible, coalesce(s.floor, 0) AS floor
CREATE (h:Webhook {id: $id, url: $url, description: $description, filterJson: $filterJson,
  secret: $secret, cursor: coalesce($after, visible), status: 'ACTIVE', failures: 0,
  createdAt: $now, updatedAt: $now})
RETURN h {.*, secret: null, previousSecret: null} AS hook, visible, floor

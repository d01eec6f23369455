// Records one delivery attempt and its outcome (webhook_id constraint), under the hook's write
// lock, only while the lease is still this process's and the cursor is where the attempt read
// from and the replay the attempt belongs to, $replay, is still the hook's (a replay or a pause
// in between wins, also a replay to the same cursor). Success moves the cursor to $seq (or, with $seq
// null, past numbers the filter skipped, $end); failure counts it and sets the next attempt;
// $giveUp, or a failure while the hook has been failing since $giveUpBefore or earlier (decided
// here, on the stored failingSince, not on the worker's copy), marks the hook FAILING. The attempt is logged either way ($attempt null: nothing to log).
MATCH (h:Webhook {id: $id})
SET h._lock = true
REMOVE h._lock
WITH h
WHERE h.leaseOwner = $owner AND h.cursor = $from AND coalesce(h.replays, 0) = $replay
SET h.leaseUntil = $until,
  h.cursor = CASE WHEN $ok THEN $end ELSE h.cursor END,
  h.failures = CASE WHEN $ok THEN 0 ELSE h.failures + 1 END,
  h.failingSince = CASE WHEN $ok THEN null ELSE coalesce(h.failingSince, $now) END,
  h.nextAttemptAt = CASE WHEN $ok THEN null ELSE $nextAttemptAt END,
  h.lastError = CASE WHEN $ok THEN null ELSE $error END,
  h.lastDeliveryAt = CASE WHEN $attempt IS NULL THEN h.lastDeliveryAt ELSE $now END,
  h.status = CASE WHEN $giveUp OR (NOT $ok AND h.failingSince <= $giveUpBefore) THEN 'FAILING'
    ELSE h.status END
FOREACH (a IN CASE WHEN $attempt IS NULL THEN [] ELSE [$attempt] END |
  CREATE (:WebhookDelivery {id: a.id, hookId: h.id, messageId: a.messageId, changeId: a.changeId,
    seq: a.seq, attempt: a.attempt, replay: $replay, at: $now, ok: $ok, statusCode: a.statusCode, error: $error,
    durationMs: a.durationMs, nextAttemptAt: $nextAttemptAt}))
RETURN h.cursor AS cursor, h.status AS status, h.updatedAt AS updatedAt

// Records changes, in the same transaction as the changes themselves. What the changes share
// (time, actor, request, import) travels once; each change is a tuple in the column order written by
// historyRepository.record in src/graph/history.repository.ts (an import records thousands per batch).
// Null values leave the property unset. A tie change names the tie's ends (fromKey, toKey:
// change_from_key and change_to_key indexes), so an erasure finds it after the tie is gone.
UNWIND $changes AS c
CREATE (:Change:Unsequenced {id: c[0], at: $at, action: c[1], targetKind: c[2], targetKey: c[3], actor: $actor, requestId: $requestId, importId: $importId, beforeJson: c[4], afterJson: c[5], note: c[6], fromKey: c[7], toKey: c[8]})

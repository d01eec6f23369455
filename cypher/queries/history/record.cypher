// Records changes (written in the same transaction as the changes themselves).
UNWIND $changes AS c
CREATE (x:Change)
SET x = c

// Takes the write lock of external identifiers (identifier_key constraint) before their owners
// are checked, in the order given (callers sort them). MERGE creates a new identifier or waits
// for the writer that is creating it; SET then locks it, so the owner check that follows reads
// committed data and two writers giving one identifier to different entities run one after the
// other. An identifier created here and not linked goes with the transaction if the check fails.
UNWIND $identifiers AS ident
MERGE (i:Identifier {key: ident.key})
  ON CREATE SET i.scheme = ident.scheme, i.value = ident.value
SET i._lock = true
REMOVE i._lock
RETURN count(i) AS locked

// The start entities of a network question alone (see network/_resolve), for a question that
// has nothing to walk (a caller left with no tie type it may follow) or must report them first.
{{> network/_resolve}}
RETURN [x IN resolved | x {.types, .record}] AS resolved

// r is active in [$activeStart, $activeEnd] (no period given: always); open ends count as active.
($activeStart IS NULL OR ((r.sinceStart IS NULL OR r.sinceStart <= $activeEnd) AND (r.untilEnd IS NULL OR r.untilEnd >= $activeStart)))

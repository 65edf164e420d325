-- Counts a visit among the provider's assignments of a date (a planned visit, booked rather than held).
-- ARGV[1] provider id, ARGV[2] service date. Returns 1.
count_assignment(ARGV[1], ARGV[2])
return 1

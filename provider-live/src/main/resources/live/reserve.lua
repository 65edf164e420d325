-- Reserves one chosen provider atomically: only if they are not reserved, their heartbeat is fresh, they are
-- under their daily limit and no booking of theirs overlaps the time the visit would take; then takes them out of
-- the geo index. No two dispatchers (threads or instances) can ever reserve the same provider twice.
-- ARGV[1] provider id, ARGV[2] hold value, ARGV[3] hold ttl millis, ARGV[4] now millis, ARGV[5] the visit would
-- keep them until (millis), ARGV[6] service date
-- Returns 1 reserved, 0 not available any more.
local id = ARGV[1]
if not fresh(id, ARGV[4]) or booked(id, ARGV[4], ARGV[5], nil) or at_daily_limit(id, ARGV[6]) then
  return 0
end
if not redis.call('SET', hold_key(id), ARGV[2], 'NX', 'PX', ARGV[3]) then
  return 0
end
leave_index(id)
return 1

-- Puts back what dispatch's log says a provider holds, after the live store lost it: their hold (for an open offer
-- or a visit of theirs) and how many assignments they have on a date. Absolute values, so a rebuild run twice
-- counts nothing twice.
-- ARGV[1] provider id, ARGV[2] hold value ('' = none), ARGV[3] hold ttl millis, ARGV[4] service date ('' = none),
-- ARGV[5] assignments on that date
-- Returns 1.
local id = ARGV[1]
if ARGV[2] ~= '' then
  redis.call('SET', hold_key(id), ARGV[2], 'PX', ARGV[3])
  leave_index(id)
end
if ARGV[4] ~= '' then
  local key = K.daily .. id .. ':' .. ARGV[4]
  redis.call('SET', key, ARGV[5], 'PX', 259200000)
end
return 1

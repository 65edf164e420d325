-- Applies a care plan's whole state from the log, unless the view already holds a later one (latest occurredAt
-- wins; an equal one is applied again, which changes nothing), so replaying the log or applying twice is harmless.
-- KEYS[1] plan hash, KEYS[2] set of open series, KEYS[3] set of the ordering organization's series
-- ARGV[1] occurredAt (epoch millis), ARGV[2] plan JSON, ARGV[3] meta JSON, ARGV[4] series id,
-- ARGV[5] '1' while the series has days to come (the scheduler visits it), '0' once it ended
-- Returns 1 applied, 0 ignored (older than what the view holds).
local at = redis.call('HGET', KEYS[1], 'at')
if at and tonumber(at) > tonumber(ARGV[1]) then
  return 0
end
redis.call('HSET', KEYS[1], 'plan', ARGV[2], 'meta', ARGV[3], 'at', ARGV[1])
redis.call('SADD', KEYS[3], ARGV[4])
if ARGV[5] == '1' then
  redis.call('SADD', KEYS[2], ARGV[4])
else
  redis.call('SREM', KEYS[2], ARGV[4])
end
return 1

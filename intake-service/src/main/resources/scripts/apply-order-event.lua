-- Applies one event to an order's read model, exactly once, if the status is still what the caller read.
-- KEYS[1] order hash, KEYS[2] timeline sorted set, KEYS[3] set of applied event ids
-- ARGV[1] event id, ARGV[2] expected current status ('' = none yet), ARGV[3] new status,
-- ARGV[4] timeline score (epoch millis), ARGV[5] timeline entry JSON, ARGV[6..] field/value pairs to set
-- Returns 1 applied, 0 already applied (duplicate delivery), -1 status changed meanwhile (caller re-reads).
if redis.call('SISMEMBER', KEYS[3], ARGV[1]) == 1 then
  return 0
end
local current = redis.call('HGET', KEYS[1], 'status') or ''
if current ~= ARGV[2] then
  return -1
end
redis.call('SADD', KEYS[3], ARGV[1])
redis.call('ZADD', KEYS[2], ARGV[4], ARGV[5])
redis.call('HSET', KEYS[1], 'status', ARGV[3])
for i = 6, #ARGV, 2 do
  redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
end
return 1

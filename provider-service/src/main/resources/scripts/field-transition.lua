-- Moves a hash field (an offer's status, a visit's stage) from one value to another if it has the expected one.
-- KEYS[1] hash; ARGV[1] field, ARGV[2] expected value, ARGV[3] new value
-- Returns the value found ('' when the hash has none); it was changed when it equals ARGV[2].
local value = redis.call('HGET', KEYS[1], ARGV[1])
if not value then
  return ''
end
if value == ARGV[2] then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
end
return value

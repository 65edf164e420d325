-- Turns an offer's reservation into the visit's reservation.
-- KEYS[1] hold key, KEYS[2] the provider's assignments counter of the day
-- ARGV[1] offer hold value, ARGV[2] visit hold value, ARGV[3] visit hold ttl millis
-- Returns 1 confirmed, 0 when the provider is no longer reserved for that offer.
local current = redis.call('GET', KEYS[1])
if current ~= ARGV[1] and current ~= ARGV[2] then
  return 0
end
if current ~= ARGV[2] then
  redis.call('INCR', KEYS[2])
  redis.call('PEXPIRE', KEYS[2], 172800000)
end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1

-- Turns an offer's reservation into the visit's and counts it among the provider's assignments of the date.
-- ARGV[1] provider id, ARGV[2] offer hold value, ARGV[3] visit hold value, ARGV[4] visit hold ttl millis,
-- ARGV[5] service date
-- Returns 1 confirmed, 0 when the provider is no longer reserved for that offer.
local current = redis.call('GET', hold_key(ARGV[1]))
if current ~= ARGV[2] and current ~= ARGV[3] then
  return 0
end
if current ~= ARGV[3] then
  count_assignment(ARGV[1], ARGV[5])
end
redis.call('SET', hold_key(ARGV[1]), ARGV[3], 'PX', ARGV[4])
return 1

-- After a visit, keeps its provider reserved for the travel buffer instead of the visit.
-- KEYS[1] hold key; ARGV[1] visit hold value, ARGV[2] rest hold value, ARGV[3] buffer millis
-- Returns 1 when the provider was reserved for that visit, else 0.
if redis.call('GET', KEYS[1]) ~= ARGV[1] then
  return 0
end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1

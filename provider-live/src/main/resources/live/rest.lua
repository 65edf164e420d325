-- After a visit, keeps its provider reserved for the travel buffer instead of the visit.
-- ARGV[1] provider id, ARGV[2] visit hold value, ARGV[3] rest hold value, ARGV[4] buffer millis
-- Returns 1 when the provider was reserved for that visit, else 0.
if redis.call('GET', hold_key(ARGV[1])) ~= ARGV[2] then
  return 0
end
redis.call('SET', hold_key(ARGV[1]), ARGV[3], 'PX', ARGV[4])
return 1

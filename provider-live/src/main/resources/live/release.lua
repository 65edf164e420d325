-- Frees a provider if still reserved for the given hold; they go back into the geo index when available.
-- ARGV[1] provider id, ARGV[2] expected hold value, ARGV[3] now millis
-- Returns 1 released, 0 not held by that value.
if redis.call('GET', hold_key(ARGV[1])) ~= ARGV[2] then
  return 0
end
redis.call('DEL', hold_key(ARGV[1]))
enter_index(ARGV[1], ARGV[3])
return 1

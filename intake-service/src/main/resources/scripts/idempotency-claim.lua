-- Claims an Idempotency-Key for a new request, or returns the record already stored for it.
-- KEYS[1] idempotency key; ARGV[1] record JSON, ARGV[2] time to live (ms), ARGV[3] record expected ('' = none)
-- Returns nil when claimed, otherwise the stored record.
local stored = redis.call('GET', KEYS[1])
if (stored or '') ~= ARGV[3] then
  return stored
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return nil

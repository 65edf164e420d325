-- Saves a visit's new state if it is still at the expected version (optimistic concurrency), with the events of
-- the transition (its outbox, re-sent when the same input is delivered again), and keeps the queue and the
-- offer-expiry index in step.
-- KEYS[1] visit hash, KEYS[2] waiting queue, KEYS[3] offer expiries, KEYS[4] SLA deadlines
-- ARGV[1] expected version, ARGV[2] state JSON, ARGV[3] outbox JSON, ARGV[4] order id,
-- ARGV[5] queue score ('' = not waiting), ARGV[6] offer expiry millis ('' = no open offer),
-- ARGV[7] SLA deadline millis ('' = the clock is not running)
-- Returns 1 saved, 0 version changed.
if (redis.call('HGET', KEYS[1], 'version') or '0') ~= ARGV[1] then
  return 0
end
redis.call('HSET', KEYS[1], 'state', ARGV[2], 'outbox', ARGV[3], 'version', tostring(tonumber(ARGV[1]) + 1))
if ARGV[5] == '' then
  redis.call('ZREM', KEYS[2], ARGV[4])
else
  redis.call('ZADD', KEYS[2], ARGV[5], ARGV[4])
end
if ARGV[6] == '' then
  redis.call('ZREM', KEYS[3], ARGV[4])
else
  redis.call('ZADD', KEYS[3], ARGV[6], ARGV[4])
end
if ARGV[7] == '' then
  redis.call('ZREM', KEYS[4], ARGV[4])
else
  redis.call('ZADD', KEYS[4], ARGV[7], ARGV[4])
end
return 1

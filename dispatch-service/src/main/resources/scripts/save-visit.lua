-- Saves a visit's new state if it is still at the expected version (optimistic concurrency), with the events of
-- the transition (its outbox, re-sent when the same input is delivered again), and keeps every index of it in step:
-- the round queue, offer expiries, SLA deadlines, escalations due, and the indexes of visits waiting for a provider
-- (per district and per area by when their matching started; per qualification by where the home is).
-- KEYS[1] visit hash, KEYS[2] round queue, KEYS[3] offer expiries, KEYS[4] SLA deadlines, KEYS[5] escalations due,
-- KEYS[6] the district's waiting visits, KEYS[7] the area's waiting visits, KEYS[8] set of areas with waiting visits,
-- KEYS[9] visits whose provider left before checking in, by when they are dispatched anew,
-- KEYS[10] visits whose last events Kafka has not acknowledged yet (unsent), by when they were saved
-- ARGV[1] expected version, ARGV[2] state JSON, ARGV[3] outbox JSON, ARGV[4] order id,
-- ARGV[5] round queue score ('' = not waiting), ARGV[6] offer expiry millis ('' = no open offer),
-- ARGV[7] SLA deadline millis ('' = the clock is not running), ARGV[8] escalation due millis ('' = none),
-- ARGV[9] waiting since millis ('' = not waiting for a provider), ARGV[10] area,
-- ARGV[11] waiting geo keys csv (one per qualification of the service), ARGV[12] home lon, ARGV[13] home lat,
-- ARGV[14] providers involved now csv (an open offer, or on the team and not yet ended), ARGV[15] key prefix of a
-- provider's visits (set of order ids they are involved in), ARGV[16] dispatched anew at millis ('' = nobody left),
-- ARGV[17] now millis, ARGV[18] '1' when the outbox is the one stored (its indexes saved again): unsent stays as is
-- Returns 1 saved, 0 version changed.
if (redis.call('HGET', KEYS[1], 'version') or '0') ~= ARGV[1] then
  return 0
end
-- a save with events marks them unsent until Kafka acknowledged them (the relay sends them after a crash or a failed
-- publish); a caller sends the visit's unsent events before it builds on them, so a save without events clears it
-- (a restore from the log saves no events: what was unsent is dropped, the log is the truth)
if ARGV[18] ~= '1' then
  local unsent = ARGV[3] ~= '[]'
  if unsent then
    redis.call('ZADD', KEYS[10], 'NX', ARGV[17], ARGV[4])
  else
    redis.call('ZREM', KEYS[10], ARGV[4])
  end
  redis.call('HSET', KEYS[1], 'unsent', unsent and '1' or '0')
end
redis.call('HSET', KEYS[1], 'state', ARGV[2], 'outbox', ARGV[3], 'version', tostring(tonumber(ARGV[1]) + 1))
local function index(key, score)
  if score == '' then
    redis.call('ZREM', key, ARGV[4])
  else
    redis.call('ZADD', key, score, ARGV[4])
  end
end
index(KEYS[2], ARGV[5])
index(KEYS[3], ARGV[6])
index(KEYS[4], ARGV[7])
index(KEYS[5], ARGV[8])
index(KEYS[6], ARGV[9])
index(KEYS[7], ARGV[9])
index(KEYS[9], ARGV[16])
if ARGV[9] ~= '' then
  redis.call('SADD', KEYS[8], ARGV[10])
end
for key in string.gmatch(ARGV[11], '[^,]+') do
  if ARGV[9] == '' then
    redis.call('ZREM', key, ARGV[4])
  else
    redis.call('GEOADD', key, ARGV[12], ARGV[13], ARGV[4])
  end
end
local involved = {}
for id in string.gmatch(ARGV[14], '[^,]+') do
  involved[id] = true
  redis.call('SADD', ARGV[15] .. id, ARGV[4])
end
for id in string.gmatch(redis.call('HGET', KEYS[1], 'involved') or '', '[^,]+') do
  if not involved[id] then
    redis.call('SREM', ARGV[15] .. id, ARGV[4])
  end
end
redis.call('HSET', KEYS[1], 'involved', ARGV[14])
return 1

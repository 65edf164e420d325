-- Starts or ends a provider's shift. Ending it forgets their location and takes them out of the geo index.
-- ARGV[1] provider id, ARGV[2] '1' on duty / '0' off duty
-- Returns -1 unknown provider, 0 no change, 1 changed.
local id = ARGV[1]
local h = prov(id)
if redis.call('EXISTS', h) == 0 then
  return -1
end
if (redis.call('HGET', h, 'onDuty') or '0') == ARGV[2] then
  return 0
end
redis.call('HSET', h, 'onDuty', ARGV[2])
if ARGV[2] == '0' then
  redis.call('HDEL', h, 'lat', 'lon', 'accuracy', 'onBreak')
  redis.call('ZREM', K.heartbeats, id)
  leave_index(id)
end
return 1

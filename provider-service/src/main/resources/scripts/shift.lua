-- Starts or ends a provider's shift. Ending it forgets their location and takes them out of the geo index.
-- KEYS[1] provider hash, KEYS[2] heartbeats; ARGV[1] provider id, ARGV[2] '1' on duty / '0' off duty
-- Returns -1 unknown provider, 0 no change, 1 changed.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return -1
end
local was = redis.call('HGET', KEYS[1], 'onDuty') or '0'
if was == ARGV[2] then
  return 0
end
redis.call('HSET', KEYS[1], 'onDuty', ARGV[2])
if ARGV[2] == '0' then
  redis.call('HDEL', KEYS[1], 'lat', 'lon', 'accuracy', 'onBreak')
  redis.call('ZREM', KEYS[2], ARGV[1])
  local keys = redis.call('HGET', KEYS[1], 'geokeys') or ''
  for key in string.gmatch(keys, '[^,]+') do redis.call('ZREM', key, ARGV[1]) end
end
return 1

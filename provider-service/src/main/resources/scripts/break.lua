-- Starts or ends a break of a provider on duty: on a break they stay located but leave the geo index.
-- KEYS[1] provider hash, KEYS[2] hold key, KEYS[3] heartbeats; ARGV[1] provider id, ARGV[2] '1' break / '0' back,
-- ARGV[3] now millis
-- Returns -1 unknown provider, 0 off duty, 1 done.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return -1
end
if redis.call('HGET', KEYS[1], 'onDuty') ~= '1' then
  return 0
end
redis.call('HSET', KEYS[1], 'onBreak', ARGV[2])
local keys = redis.call('HGET', KEYS[1], 'geokeys') or ''
if ARGV[2] == '1' then
  for key in string.gmatch(keys, '[^,]+') do redis.call('ZREM', key, ARGV[1]) end
else
  local lat = redis.call('HGET', KEYS[1], 'lat')
  local lon = redis.call('HGET', KEYS[1], 'lon')
  local fresh = tonumber(redis.call('ZSCORE', KEYS[3], ARGV[1]) or '0') >= tonumber(ARGV[3])
  if lat and lon and fresh and redis.call('EXISTS', KEYS[2]) == 0 then
    for key in string.gmatch(keys, '[^,]+') do redis.call('GEOADD', key, lon, lat, ARGV[1]) end
  end
end
return 1

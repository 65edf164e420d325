-- Frees a provider if still reserved for the given hold, and returns them to the geo index when they are on
-- duty with a fresh location.
-- KEYS[1] hold key, KEYS[2] provider hash, KEYS[3] heartbeats
-- ARGV[1] provider id, ARGV[2] expected hold value, ARGV[3] now millis
-- Returns 1 released, 0 not held by that value.
if redis.call('GET', KEYS[1]) ~= ARGV[2] then
  return 0
end
redis.call('DEL', KEYS[1])
local fresh = tonumber(redis.call('ZSCORE', KEYS[3], ARGV[1]) or '0') >= tonumber(ARGV[3])
local lat = redis.call('HGET', KEYS[2], 'lat')
local lon = redis.call('HGET', KEYS[2], 'lon')
if fresh and lat and lon and redis.call('HGET', KEYS[2], 'onDuty') == '1' and redis.call('HGET', KEYS[2], 'onBreak') ~= '1' then
  local keys = redis.call('HGET', KEYS[2], 'geokeys') or ''
  for key in string.gmatch(keys, '[^,]+') do redis.call('GEOADD', key, lon, lat, ARGV[1]) end
end
return 1

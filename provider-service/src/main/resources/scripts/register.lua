-- Applies a provider registration to the live read model if it is newer than what is stored.
-- KEYS[1] provider hash, KEYS[2] hold key, KEYS[3] heartbeats
-- ARGV[1] provider id, ARGV[2] registered-at millis, ARGV[3] org, ARGV[4] role, ARGV[5] qualifications csv,
-- ARGV[6] travel mode, ARGV[7] display name, ARGV[8] geo keys csv, ARGV[9] now millis, ARGV[10] profile JSON,
-- ARGV[11] daily limit, ARGV[12] base geo keys csv ('' without a base), ARGV[13] base lon, ARGV[14] base lat
-- Returns 1 applied, 0 older than stored.
local stored = tonumber(redis.call('HGET', KEYS[1], 'regAt') or '0')
if stored >= tonumber(ARGV[2]) then
  return 0
end
local old = redis.call('HGET', KEYS[1], 'geokeys')
if old then
  for key in string.gmatch(old, '[^,]+') do redis.call('ZREM', key, ARGV[1]) end
end
local oldBase = redis.call('HGET', KEYS[1], 'basekeys')
if oldBase then
  for key in string.gmatch(oldBase, '[^,]+') do redis.call('ZREM', key, ARGV[1]) end
end
if ARGV[12] ~= '' then
  redis.call('HSET', KEYS[1], 'basekeys', ARGV[12], 'baseLon', ARGV[13], 'baseLat', ARGV[14])
  for key in string.gmatch(ARGV[12], '[^,]+') do redis.call('GEOADD', key, ARGV[13], ARGV[14], ARGV[1]) end
else
  redis.call('HDEL', KEYS[1], 'basekeys', 'baseLon', 'baseLat')
end
redis.call('HSET', KEYS[1], 'regAt', ARGV[2], 'org', ARGV[3], 'role', ARGV[4], 'quals', ARGV[5],
  'mode', ARGV[6], 'name', ARGV[7], 'geokeys', ARGV[8], 'profile', ARGV[10], 'maxDaily', ARGV[11])
local lat = redis.call('HGET', KEYS[1], 'lat')
local lon = redis.call('HGET', KEYS[1], 'lon')
local fresh = tonumber(redis.call('ZSCORE', KEYS[3], ARGV[1]) or '0') >= tonumber(ARGV[9])
if redis.call('HGET', KEYS[1], 'onDuty') == '1' and redis.call('HGET', KEYS[1], 'onBreak') ~= '1' and lat and fresh
    and redis.call('EXISTS', KEYS[2]) == 0 then
  for key in string.gmatch(ARGV[8], '[^,]+') do redis.call('GEOADD', key, lon, lat, ARGV[1]) end
end
return 1

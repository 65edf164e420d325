-- Applies a provider registration to the live read model if it is newer than what is stored; moves them between
-- geo sets (live and base) and back into the index when they are available.
-- ARGV[1] provider id, ARGV[2] registered-at millis, ARGV[3] org, ARGV[4] role, ARGV[5] qualifications csv,
-- ARGV[6] travel mode, ARGV[7] display name, ARGV[8] geo keys csv, ARGV[9] now millis, ARGV[10] profile JSON,
-- ARGV[11] daily limit, ARGV[12] base geo keys csv ('' without a base), ARGV[13] base lon, ARGV[14] base lat
-- Returns 1 applied, 0 older than stored.
local id = ARGV[1]
local h = prov(id)
if tonumber(redis.call('HGET', h, 'regAt') or '0') >= tonumber(ARGV[2]) then
  return 0
end
leave_index(id)
each_key(redis.call('HGET', h, 'basekeys'), function(key) redis.call('ZREM', key, id) end)
if ARGV[12] ~= '' then
  redis.call('HSET', h, 'basekeys', ARGV[12], 'baseLon', ARGV[13], 'baseLat', ARGV[14])
  each_key(ARGV[12], function(key) redis.call('GEOADD', key, ARGV[13], ARGV[14], id) end)
else
  redis.call('HDEL', h, 'basekeys', 'baseLon', 'baseLat')
end
redis.call('HSET', h, 'regAt', ARGV[2], 'org', ARGV[3], 'role', ARGV[4], 'quals', ARGV[5],
  'mode', ARGV[6], 'name', ARGV[7], 'geokeys', ARGV[8], 'profile', ARGV[10], 'maxDaily', ARGV[11])
enter_index(id, ARGV[9])
return 1

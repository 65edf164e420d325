-- Records a location heartbeat of a provider on duty and (re)enters them in the geo index unless reserved or on
-- a break.
-- KEYS[1] provider hash, KEYS[2] heartbeats, KEYS[3] hold key
-- ARGV[1] provider id, ARGV[2] lat, ARGV[3] lon, ARGV[4] accuracy m, ARGV[5] fresh-until millis
-- Returns -1 unknown provider, 0 off duty (location not kept), 1 recorded, 2 recorded and newly available (back in
-- the geo index: first heartbeat of a shift, after a visit's travel buffer, after heartbeats had stopped).
if redis.call('EXISTS', KEYS[1]) == 0 then
  return -1
end
if redis.call('HGET', KEYS[1], 'onDuty') ~= '1' then
  return 0
end
redis.call('HSET', KEYS[1], 'lat', ARGV[2], 'lon', ARGV[3], 'accuracy', ARGV[4])
redis.call('ZADD', KEYS[2], ARGV[5], ARGV[1])
local added = 0
if redis.call('EXISTS', KEYS[3]) == 0 and redis.call('HGET', KEYS[1], 'onBreak') ~= '1' then
  local keys = redis.call('HGET', KEYS[1], 'geokeys') or ''
  for key in string.gmatch(keys, '[^,]+') do added = added + redis.call('GEOADD', key, ARGV[3], ARGV[2], ARGV[1]) end
end
if added > 0 then
  return 2
end
return 1

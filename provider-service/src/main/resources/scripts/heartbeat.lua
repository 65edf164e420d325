-- Records a location heartbeat of a provider on duty and (re)enters them in the geo index unless reserved or on
-- a break.
-- KEYS[1] provider hash, KEYS[2] heartbeats, KEYS[3] hold key
-- ARGV[1] provider id, ARGV[2] lat, ARGV[3] lon, ARGV[4] accuracy m, ARGV[5] fresh-until millis,
-- ARGV[6] meters an available provider must move from the last announced position to be announced again
-- Returns -1 unknown provider, 0 off duty (location not kept), 1 recorded, 2 recorded and newly available (back in
-- the geo index: first heartbeat of a shift, after a visit's travel buffer, after heartbeats had stopped),
-- 3 recorded, available, and moved far enough from where they were last announced that other homes are in reach.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return -1
end
if redis.call('HGET', KEYS[1], 'onDuty') ~= '1' then
  return 0
end
redis.call('HSET', KEYS[1], 'lat', ARGV[2], 'lon', ARGV[3], 'accuracy', ARGV[4])
redis.call('ZADD', KEYS[2], ARGV[5], ARGV[1])
if redis.call('EXISTS', KEYS[3]) == 1 or redis.call('HGET', KEYS[1], 'onBreak') == '1' then
  return 1
end
local added = 0
local keys = redis.call('HGET', KEYS[1], 'geokeys') or ''
for key in string.gmatch(keys, '[^,]+') do added = added + redis.call('GEOADD', key, ARGV[3], ARGV[2], ARGV[1]) end
if added > 0 then
  redis.call('HSET', KEYS[1], 'annLat', ARGV[2], 'annLon', ARGV[3])
  return 2
end
local annLat = tonumber(redis.call('HGET', KEYS[1], 'annLat') or ARGV[2])
local annLon = tonumber(redis.call('HGET', KEYS[1], 'annLon') or ARGV[3])
local dLat = math.rad(tonumber(ARGV[2]) - annLat)
local dLon = math.rad(tonumber(ARGV[3]) - annLon) * math.cos(math.rad(annLat))
if 6371000 * math.sqrt(dLat * dLat + dLon * dLon) >= tonumber(ARGV[6]) then
  redis.call('HSET', KEYS[1], 'annLat', ARGV[2], 'annLon', ARGV[3])
  return 3
end
return 1

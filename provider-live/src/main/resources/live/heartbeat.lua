-- Records a location heartbeat of a provider on duty and (re)enters them in the geo index when available.
-- ARGV[1] provider id, ARGV[2] lat, ARGV[3] lon, ARGV[4] accuracy m, ARGV[5] fresh-until millis, ARGV[6] meters an
-- available provider must move from the last announced position to be announced again, ARGV[7] now millis
-- Returns -1 unknown provider, 0 off duty (location not kept), 1 recorded, 2 recorded and newly available (back in
-- the geo index: first heartbeat of a shift, after a visit's travel buffer, after heartbeats had stopped),
-- 3 recorded, available, and moved far enough from where they were last announced that other homes are in reach.
local id = ARGV[1]
local h = prov(id)
if duty(id) < 1 then
  return duty(id)
end
redis.call('HSET', h, 'lat', ARGV[2], 'lon', ARGV[3], 'accuracy', ARGV[4])
redis.call('ZADD', K.heartbeats, ARGV[5], id)
local added = enter_index(id, ARGV[7])
if added < 0 then
  return 1
end
if added > 0 then
  redis.call('HSET', h, 'annLat', ARGV[2], 'annLon', ARGV[3])
  return 2
end
local annLat = tonumber(redis.call('HGET', h, 'annLat') or ARGV[2])
local annLon = tonumber(redis.call('HGET', h, 'annLon') or ARGV[3])
local dLat = math.rad(tonumber(ARGV[2]) - annLat)
local dLon = math.rad(tonumber(ARGV[3]) - annLon) * math.cos(math.rad(annLat))
if 6371000 * math.sqrt(dLat * dLat + dLon * dLon) >= tonumber(ARGV[6]) then
  redis.call('HSET', h, 'annLat', ARGV[2], 'annLon', ARGV[3])
  return 3
end
return 1

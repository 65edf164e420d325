-- Lists the providers inside the circle of a home with their live facts. Reads only.
-- ARGV[1] lon, ARGV[2] lat, ARGV[3] now millis, ARGV[4] count per search, ARGV[5] service date,
-- ARGV[6] bookings that end after this (millis) count, ARGV[7] number of searches n, then n pairs (geo key, radius m).
-- Returns a JSON array of facts (lib.lua `facts`) with `distance` in meters; nearest first.
local best = {}
for i = 0, tonumber(ARGV[7]) - 1 do
  local found = redis.call('GEOSEARCH', ARGV[8 + i * 2], 'FROMLONLAT', ARGV[1], ARGV[2],
    'BYRADIUS', ARGV[9 + i * 2], 'm', 'ASC', 'COUNT', ARGV[4], 'WITHDIST')
  for _, hit in ipairs(found) do
    local distance = tonumber(hit[2])
    if best[hit[1]] == nil or distance < best[hit[1]] then best[hit[1]] = distance end
  end
end
local result = {}
for id, distance in pairs(best) do
  local f = facts(id, ARGV[3], ARGV[5], ARGV[6])
  f.distance = distance
  table.insert(result, f)
end
if #result == 0 then
  return '[]'
end
table.sort(result, function(a, b) return a.distance < b.distance end)
return cjson.encode(result)

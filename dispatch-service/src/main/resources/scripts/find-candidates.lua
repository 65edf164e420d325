-- Lists the providers inside the circle of a home, nearest by travel time first, with their live facts. Reads only.
-- KEYS[1] heartbeats (provider -> fresh-until millis)
-- ARGV[1] lon, ARGV[2] lat, ARGV[3] now millis, ARGV[4] detour factor, ARGV[5] count per search,
-- ARGV[6] service date, ARGV[7] number of searches n, then n groups of
-- (geo key, radius m, speed m/s, overhead s, travel mode).
-- After the groups: check start millis, check end millis, add the candidate's ETA to the end (1/0): the interval
-- the visit would take of the provider, checked against their bookings (cc:cal:<id>, cc:cal-end:<id>).
-- Returns a flat list, 10 values per provider: id, distance m, eta s, travel mode, organization, reserved (0/1),
-- fresh (0/1), assignments on the service date, registry profile JSON ('' if none), booked in that interval (0/1).
local n = tonumber(ARGV[7])
local detour = tonumber(ARGV[4])
local now = tonumber(ARGV[3])
local checkAt = 8 + n * 5
local checkStart = tonumber(ARGV[checkAt])
local checkEnd = tonumber(ARGV[checkAt + 1])
local addEta = ARGV[checkAt + 2] == '1'
local function booked(id, etaSeconds)
  local finish = checkEnd + (addEta and etaSeconds * 1000 or 0)
  for _, other in ipairs(redis.call('ZRANGEBYSCORE', 'cc:cal:' .. id, '-inf', '(' .. finish)) do
    if tonumber(redis.call('HGET', 'cc:cal-end:' .. id, other) or '0') > checkStart then
      return true
    end
  end
  return false
end
local best = {}
for i = 0, n - 1 do
  local base = 8 + i * 5
  local found = redis.call('GEOSEARCH', ARGV[base], 'FROMLONLAT', ARGV[1], ARGV[2],
    'BYRADIUS', ARGV[base + 1], 'm', 'ASC', 'COUNT', ARGV[5], 'WITHDIST')
  local speed = tonumber(ARGV[base + 2])
  local overhead = tonumber(ARGV[base + 3])
  for _, hit in ipairs(found) do
    local id = hit[1]
    local distance = tonumber(hit[2])
    local eta = overhead + distance * detour / speed
    if best[id] == nil or eta < best[id][3] then
      best[id] = { id, distance, eta, ARGV[base + 4] }
    end
  end
end
local sorted = {}
for _, c in pairs(best) do table.insert(sorted, c) end
table.sort(sorted, function(a, b) return a[3] < b[3] end)
local result = {}
for _, c in ipairs(sorted) do
  local id = c[1]
  local hash = 'cc:prov:' .. id
  local fresh = tonumber(redis.call('ZSCORE', KEYS[1], id) or '0') >= now
  table.insert(result, id)
  table.insert(result, tostring(math.floor(c[2] + 0.5)))
  table.insert(result, tostring(math.ceil(c[3])))
  table.insert(result, c[4])
  table.insert(result, redis.call('HGET', hash, 'org') or '')
  table.insert(result, redis.call('EXISTS', 'cc:hold:' .. id) == 1 and '1' or '0')
  table.insert(result, fresh and '1' or '0')
  table.insert(result, redis.call('GET', 'cc:daily:' .. id .. ':' .. ARGV[6]) or '0')
  table.insert(result, redis.call('HGET', hash, 'profile') or '')
  table.insert(result, booked(id, c[3]) and '1' or '0')
end
return result

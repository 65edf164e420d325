-- Finds the available provider with the shortest ETA to a home and reserves them, atomically: no two
-- dispatchers (threads or instances) can ever reserve the same provider twice.
-- KEYS[1] heartbeats (provider -> fresh-until millis)
-- ARGV[1] lon, ARGV[2] lat, ARGV[3] now millis, ARGV[4] hold value, ARGV[5] hold ttl millis,
-- ARGV[6] detour factor, ARGV[7] count per search, ARGV[8] service date (daily limits), ARGV[9] number of searches n,
-- then n groups of (geo key, radius m, speed m/s, overhead s, travel mode), then excluded provider ids.
-- A provider who reached their daily limit of assignments is skipped.
-- Returns {providerId, distance m, eta s, travel mode, organization}, or an empty list when nobody fits.
local n = tonumber(ARGV[9])
local detour = tonumber(ARGV[6])
local now = tonumber(ARGV[3])
local excluded = {}
for i = 10 + n * 5, #ARGV do excluded[ARGV[i]] = true end
local candidates = {}
for i = 0, n - 1 do
  local base = 10 + i * 5
  local found = redis.call('GEOSEARCH', ARGV[base], 'FROMLONLAT', ARGV[1], ARGV[2],
    'BYRADIUS', ARGV[base + 1], 'm', 'ASC', 'COUNT', ARGV[7], 'WITHDIST')
  local speed = tonumber(ARGV[base + 2])
  local overhead = tonumber(ARGV[base + 3])
  for _, hit in ipairs(found) do
    local id = hit[1]
    if not excluded[id] then
      local distance = tonumber(hit[2])
      table.insert(candidates, { id, distance, overhead + distance * detour / speed, ARGV[base + 4] })
    end
  end
end
table.sort(candidates, function(a, b) return a[3] < b[3] end)
for _, c in ipairs(candidates) do
  local id = c[1]
  local hash = 'cc:prov:' .. id
  local fresh = tonumber(redis.call('ZSCORE', KEYS[1], id) or '0') >= now
  local limit = tonumber(redis.call('HGET', hash, 'maxDaily') or '0')
  local underLimit = limit <= 0 or tonumber(redis.call('GET', 'cc:daily:' .. id .. ':' .. ARGV[8]) or '0') < limit
  if fresh and underLimit and redis.call('SET', 'cc:hold:' .. id, ARGV[4], 'NX', 'PX', ARGV[5]) then
    local keys = redis.call('HGET', hash, 'geokeys') or ''
    for key in string.gmatch(keys, '[^,]+') do redis.call('ZREM', key, id) end
    return { id, tostring(math.floor(c[2] + 0.5)), tostring(math.ceil(c[3])), c[4], redis.call('HGET', hash, 'org') or '' }
  end
end
return {}

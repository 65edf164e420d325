-- Takes providers whose last heartbeat is too old out of the geo index and forgets their location.
-- KEYS[1] heartbeats; ARGV[1] now millis, ARGV[2] max providers per run
-- Returns the ids removed.
local stale = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
for _, id in ipairs(stale) do
  redis.call('ZREM', KEYS[1], id)
  local hash = 'cc:prov:' .. id
  local keys = redis.call('HGET', hash, 'geokeys') or ''
  for key in string.gmatch(keys, '[^,]+') do redis.call('ZREM', key, id) end
  redis.call('HDEL', hash, 'lat', 'lon', 'accuracy')
end
return stale

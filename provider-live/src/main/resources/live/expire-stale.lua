-- Takes providers whose last heartbeat is too old out of the geo index and forgets their location.
-- ARGV[1] now millis, ARGV[2] max providers per run
-- Returns the ids removed.
local stale = redis.call('ZRANGEBYSCORE', K.heartbeats, '-inf', '(' .. ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
for _, id in ipairs(stale) do
  redis.call('ZREM', K.heartbeats, id)
  leave_index(id)
  redis.call('HDEL', prov(id), 'lat', 'lon', 'accuracy')
end
return stale

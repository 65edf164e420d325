-- Reserves one chosen provider atomically: only if they are not reserved, their heartbeat is fresh and they are
-- under their daily limit; then takes them out of the geo index. No two dispatchers (threads or instances) can
-- ever reserve the same provider twice.
-- KEYS[1] hold key, KEYS[2] heartbeats, KEYS[3] provider hash, KEYS[4] assignments counter of the service date,
-- KEYS[5] bookings, KEYS[6] booking ends
-- ARGV[1] provider id, ARGV[2] hold value, ARGV[3] hold ttl millis, ARGV[4] now millis, ARGV[5] the visit would
-- keep them until (millis): refused when that overlaps a booking (an accepted scheduled visit is never displaced)
-- Returns 1 reserved, 0 not available any more.
if tonumber(redis.call('ZSCORE', KEYS[2], ARGV[1]) or '0') < tonumber(ARGV[4]) then
  return 0
end
for _, other in ipairs(redis.call('ZRANGEBYSCORE', KEYS[5], '-inf', '(' .. ARGV[5])) do
  if tonumber(redis.call('HGET', KEYS[6], other) or '0') > tonumber(ARGV[4]) then
    return 0
  end
end
local limit = tonumber(redis.call('HGET', KEYS[3], 'maxDaily') or '0')
if limit > 0 and tonumber(redis.call('GET', KEYS[4]) or '0') >= limit then
  return 0
end
if not redis.call('SET', KEYS[1], ARGV[2], 'NX', 'PX', ARGV[3]) then
  return 0
end
local keys = redis.call('HGET', KEYS[3], 'geokeys') or ''
for key in string.gmatch(keys, '[^,]+') do redis.call('ZREM', key, ARGV[1]) end
return 1

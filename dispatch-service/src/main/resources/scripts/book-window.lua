-- Books a provider for a time interval unless it overlaps another of their bookings (travel buffer included in the
-- intervals by the caller). Also forgets bookings that ended more than a day ago.
-- KEYS[1] bookings (zset: order id -> start millis), KEYS[2] booking ends (hash: order id -> end millis)
-- ARGV[1] order id, ARGV[2] start millis, ARGV[3] end millis, ARGV[4] now millis
-- Returns 1 booked (or already booked for this order), 0 overlaps another booking.
local start = tonumber(ARGV[2])
for _, old in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', tonumber(ARGV[4]) - 86400000)) do
  if tonumber(redis.call('HGET', KEYS[2], old) or '0') < tonumber(ARGV[4]) - 86400000 then
    redis.call('ZREM', KEYS[1], old)
    redis.call('HDEL', KEYS[2], old)
  end
end
for _, other in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[3])) do
  if other ~= ARGV[1] and tonumber(redis.call('HGET', KEYS[2], other) or '0') > start then
    return 0
  end
end
redis.call('ZADD', KEYS[1], start, ARGV[1])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
return 1

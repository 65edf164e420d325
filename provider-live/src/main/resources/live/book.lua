-- Books a provider for a time interval unless it overlaps another of their bookings (travel buffer included in the
-- intervals by the caller). Also forgets bookings that ended more than a day ago.
-- ARGV[1] provider id, ARGV[2] order id, ARGV[3] start millis, ARGV[4] end millis, ARGV[5] now millis
-- Returns 1 booked (or already booked for this order), 0 overlaps another booking.
local id = ARGV[1]
local cal, ends = K.cal .. id, K.calEnd .. id
local dayAgo = tonumber(ARGV[5]) - 86400000
for _, old in ipairs(redis.call('ZRANGEBYSCORE', cal, '-inf', dayAgo)) do
  if tonumber(redis.call('HGET', ends, old) or '0') < dayAgo then
    redis.call('ZREM', cal, old)
    redis.call('HDEL', ends, old)
  end
end
if booked(id, ARGV[3], ARGV[4], ARGV[2]) then
  return 0
end
redis.call('ZADD', cal, ARGV[3], ARGV[2])
redis.call('HSET', ends, ARGV[2], ARGV[4])
return 1

-- Frees a provider's booking for an order. KEYS[1] bookings, KEYS[2] booking ends; ARGV[1] order id.
redis.call('ZREM', KEYS[1], ARGV[1])
return redis.call('HDEL', KEYS[2], ARGV[1])

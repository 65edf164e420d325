-- Frees a provider's booking for an order. ARGV[1] provider id, ARGV[2] order id. Returns 1 freed, 0 none.
redis.call('ZREM', K.cal .. ARGV[1], ARGV[2])
return redis.call('HDEL', K.calEnd .. ARGV[1], ARGV[2])

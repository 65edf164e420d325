-- Moves an offer from one status to another if it is in the expected one.
-- KEYS[1] offer hash; ARGV[1] expected status, ARGV[2] new status
-- Returns the status found ('' when the offer is unknown); it was changed when it equals ARGV[1].
local status = redis.call('HGET', KEYS[1], 'status')
if not status then
  return ''
end
if status == ARGV[1] then
  redis.call('HSET', KEYS[1], 'status', ARGV[2])
end
return status

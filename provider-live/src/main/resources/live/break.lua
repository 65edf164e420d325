-- Starts or ends a break of a provider on duty: on a break they stay located but leave the geo index.
-- ARGV[1] provider id, ARGV[2] '1' break / '0' back, ARGV[3] now millis
-- Returns -1 unknown provider, 0 off duty, 1 done.
local id = ARGV[1]
local h = prov(id)
if duty(id) < 1 then
  return duty(id)
end
redis.call('HSET', h, 'onBreak', ARGV[2])
if ARGV[2] == '1' then
  leave_index(id)
else
  enter_index(id, ARGV[3])
end
return 1

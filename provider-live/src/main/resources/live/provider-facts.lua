-- One provider's live facts (lib.lua `facts`), for a supervisor choosing them by hand. Reads only.
-- ARGV[1] provider id, ARGV[2] now millis, ARGV[3] service date, ARGV[4] bookings that end after this (millis) count
-- Returns the facts as JSON, or '' for a provider who is not registered.
if redis.call('EXISTS', prov(ARGV[1])) == 0 then
  return ''
end
return cjson.encode(facts(ARGV[1], ARGV[2], ARGV[3], ARGV[4]))

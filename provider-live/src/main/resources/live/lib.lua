-- The rules of the live provider keyspace, written once. Every script of this module is this library plus its own
-- body; the table K of key prefixes before it is generated from LiveKeys.java, the one place key names are built.

local function prov(id) return K.prov .. id end
local function hold_key(id) return K.hold .. id end

-- -1 not registered, 0 off duty, 1 on duty.
local function duty(id)
  if redis.call('EXISTS', prov(id)) == 0 then return -1 end
  return redis.call('HGET', prov(id), 'onDuty') == '1' and 1 or 0
end

-- Their last heartbeat keeps them available at `now` (millis).
local function fresh(id, now)
  return tonumber(redis.call('ZSCORE', K.heartbeats, id) or '0') >= tonumber(now)
end

local function each_key(csv, fn)
  for key in string.gmatch(csv or '', '[^,]+') do fn(key) end
end

-- Out of the geo index of available providers (reserved, on a break, off duty, silent).
local function leave_index(id)
  each_key(redis.call('HGET', prov(id), 'geokeys'), function(key) redis.call('ZREM', key, id) end)
end

-- Back into the geo index: only on duty, not on a break, located, with a fresh heartbeat and not reserved.
-- Returns -1 not available, else how many of their geo sets newly hold them (0: they were in already).
local function enter_index(id, now)
  local h = prov(id)
  local f = redis.call('HMGET', h, 'onDuty', 'onBreak', 'lat', 'lon', 'geokeys')
  if f[1] ~= '1' or f[2] == '1' or not f[3] or not f[4] then return -1 end
  if redis.call('EXISTS', hold_key(id)) == 1 or not fresh(id, now) then return -1 end
  local added = 0
  each_key(f[5], function(key) added = added + redis.call('GEOADD', key, f[4], f[3], id) end)
  return added
end

-- The earliest start (millis) of the provider's bookings that end after `after`, or nil: they are free from
-- `after` until then. Bookings for `except` (the visit being booked) do not count.
local function next_booking(id, after, except)
  local list = redis.call('ZRANGE', K.cal .. id, 0, -1, 'WITHSCORES')
  local first = nil
  for i = 1, #list, 2 do
    local order, start = list[i], tonumber(list[i + 1])
    if order ~= except and tonumber(redis.call('HGET', K.calEnd .. id, order) or '0') > tonumber(after)
        and (first == nil or start < first) then
      first = start
    end
  end
  return first
end

-- Another booking of theirs overlaps [start, finish).
local function booked(id, start, finish, except)
  local first = next_booking(id, start, except)
  return first ~= nil and first < tonumber(finish)
end

local function assignments(id, date)
  return tonumber(redis.call('GET', K.daily .. id .. ':' .. date) or '0')
end

-- Their registered daily limit of assignments (0 = none) is reached on `date`.
local function at_daily_limit(id, date)
  local limit = tonumber(redis.call('HGET', prov(id), 'maxDaily') or '0')
  return limit > 0 and assignments(id, date) >= limit
end

-- One more assignment on `date` (kept two days after, for the limit and fairness).
local function count_assignment(id, date)
  local key = K.daily .. id .. ':' .. date
  redis.call('INCR', key)
  redis.call('PEXPIRE', key, 259200000)
end

-- What dispatch needs to know of a provider right now, as one JSON-able table (see LiveFacts.java).
local function facts(id, now, date, after)
  local f = redis.call('HMGET', prov(id), 'org', 'mode', 'quals', 'profile', 'lat', 'lon', 'baseLat', 'baseLon',
    'onDuty', 'onBreak', 'role')
  local held = redis.call('GET', hold_key(id))
  return { id = id, org = f[1] or '', mode = f[2] or '', quals = f[3] or '', profile = f[4] or '',
    lat = f[5] and tonumber(f[5]) or nil, lon = f[6] and tonumber(f[6]) or nil,
    baseLat = f[7] and tonumber(f[7]) or nil, baseLon = f[8] and tonumber(f[8]) or nil,
    onDuty = f[9] == '1', onBreak = f[10] == '1', role = f[11] or nil, hold = held or nil, fresh = fresh(id, now),
    assignments = assignments(id, date), atDailyLimit = at_daily_limit(id, date),
    freeUntil = next_booking(id, after, nil) }
end


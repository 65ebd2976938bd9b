-- Gives requests back to a bucket: one whose request another limit denied, or the unused tokens
-- of a lease (Leases.java).
-- KEYS[1]: the bucket. ARGV[1]: the requests given back times the emission interval T, in
-- microseconds. Returns 1 if it had state.
local stored = redis.call('GET', KEYS[1])
if not stored then
  return 0
end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local tat = tonumber(stored) - tonumber(ARGV[1])
if tat <= now then
  redis.call('DEL', KEYS[1])
else
  redis.call('SET', KEYS[1], string.format('%.0f', tat), 'PX', math.ceil((tat - now) / 1000))
end
return 1

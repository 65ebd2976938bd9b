-- GCRA check-and-spend of one bucket, atomic because Redis runs a script alone.
-- Time is Redis's own (TIME, in microseconds), so the replicas' clocks never matter.
-- KEYS[1]: the bucket. ARGV[1]: emission interval T in microseconds. ARGV[2]: burst.
-- The bucket holds its theoretical arrival time (TAT) and expires when it would be full again.
-- Lua numbers are doubles: every value here is an integer below 2^53, so the arithmetic is exact.
-- Returns {admitted 1|0, remaining, retry_after_us, reset_after_us}.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local interval = tonumber(ARGV[1])
local horizon = interval * tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or 0)
if tat < now then
  tat = now
end
local next_tat = tat + interval
local allowed_from = next_tat - horizon
if allowed_from > now then
  return {0, 0, allowed_from - now, tat - now}
end
redis.call('SET', KEYS[1], string.format('%.0f', next_tat), 'PX', math.ceil((next_tat - now) / 1000))
return {1, math.floor((now + horizon - next_tat) / interval), 0, next_tat - now}

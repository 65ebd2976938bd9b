-- GCRA check-and-spend of the buckets of one request, atomic because Redis runs a script alone.
-- Time is Redis's own (TIME, in microseconds), so the replicas' clocks never matter.
-- KEYS[i]: a bucket. ARGV[3i-2]: its emission interval T in microseconds, ARGV[3i-1]: its burst,
-- ARGV[3i]: 1 for a shadow limit, else 0.
-- Enforced buckets are all-or-nothing: if one is over, none is spent. Shadow buckets are checked
-- only when every enforced one admitted, each on its own (spent if under its limit).
-- A bucket holds its theoretical arrival time (TAT) and expires when it would be full again.
-- Lua numbers are doubles: every value here is an integer below 2^53, so the arithmetic is exact.
-- Returns, per bucket, {status, remaining, retry_after_us, reset_after_us}, flattened; status is
-- 1 admitted, 0 over the limit, -1 not checked (a shadow bucket after an enforced one was over).
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local out = {}
local next_tats = {}

local function check(i)
  local interval = tonumber(ARGV[3 * i - 2])
  local horizon = interval * tonumber(ARGV[3 * i - 1])
  local tat = tonumber(redis.call('GET', KEYS[i]) or 0)
  if tat < now then
    tat = now
  end
  local next_tat = tat + interval
  local allowed_from = next_tat - horizon
  local at = 4 * i - 3
  if allowed_from > now then
    out[at], out[at + 1], out[at + 2], out[at + 3] = 0, 0, allowed_from - now, tat - now
    return false
  end
  next_tats[i] = next_tat
  out[at] = 1
  out[at + 1] = math.floor((now + horizon - next_tat) / interval)
  out[at + 2], out[at + 3] = 0, next_tat - now
  return true
end

local function spend(i)
  local next_tat = next_tats[i]
  redis.call('SET', KEYS[i], string.format('%.0f', next_tat), 'PX', math.ceil((next_tat - now) / 1000))
end

local admitted = true
for i = 1, #KEYS do
  if ARGV[3 * i] == '0' and not check(i) then
    admitted = false
  end
end
for i = 1, #KEYS do
  if ARGV[3 * i] == '0' then
    if admitted then
      spend(i)
    end
  elseif admitted then
    if check(i) then
      spend(i)
    end
  else
    local at = 4 * i - 3
    out[at], out[at + 1], out[at + 2], out[at + 3] = -1, 0, 0, 0
  end
end
return out

-- GCRA check-and-spend for the limits of several requests, one request after the other, atomic
-- because Redis runs a script alone. Time is Redis's own (TIME, in microseconds), so the replicas'
-- clocks never matter.
-- ARGV[1]: the number of requests. Then per request: its number of buckets n, then per bucket
-- three values: emission interval T in microseconds, burst, 1 for a shadow limit (else 0).
-- KEYS: every bucket, in the same order.
-- Per request, enforced buckets are all-or-nothing: if one is over, none is spent. Shadow buckets
-- are checked only when every enforced one admitted, each on its own (spent if under its limit).
-- A bucket holds its theoretical arrival time (TAT) and expires when it would be full again.
-- Lua numbers are doubles: every value here is an integer below 2^53, so the arithmetic is exact.
-- Returns, per bucket, {status, remaining, retry_after_us, reset_after_us}, flattened; status is
-- 1 admitted, 0 over the limit, -1 not checked (a shadow bucket after an enforced one was over).
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local out = {}
local next_tats = {}
local arg = 2

-- Bucket k (its key is KEYS[k], its values start at ARGV[a]); false if over the limit.
local function check(k, a)
  local interval = tonumber(ARGV[a])
  local horizon = interval * tonumber(ARGV[a + 1])
  local tat = tonumber(redis.call('GET', KEYS[k]) or 0)
  if tat < now then
    tat = now
  end
  local next_tat = tat + interval
  local allowed_from = next_tat - horizon
  local at = 4 * k - 3
  if allowed_from > now then
    out[at], out[at + 1], out[at + 2], out[at + 3] = 0, 0, allowed_from - now, tat - now
    return false
  end
  next_tats[k] = next_tat
  out[at] = 1
  out[at + 1] = math.floor((now + horizon - next_tat) / interval)
  out[at + 2], out[at + 3] = 0, next_tat - now
  return true
end

local function spend(k)
  local next_tat = next_tats[k]
  redis.call('SET', KEYS[k], string.format('%.0f', next_tat), 'PX', math.ceil((next_tat - now) / 1000))
end

local k = 0
for _ = 1, tonumber(ARGV[1]) do
  local n = tonumber(ARGV[arg])
  local first, base = k + 1, arg + 1
  local admitted = true
  for i = 0, n - 1 do
    if ARGV[base + 3 * i + 2] == '0' and not check(first + i, base + 3 * i) then
      admitted = false
    end
  end
  for i = 0, n - 1 do
    local a = base + 3 * i
    if ARGV[a + 2] == '0' then
      if admitted then
        spend(first + i)
      end
    elseif admitted then
      if check(first + i, a) then
        spend(first + i)
      end
    else
      local at = 4 * (first + i) - 3
      out[at], out[at + 1], out[at + 2], out[at + 3] = -1, 0, 0, 0
    end
  end
  k = k + n
  arg = base + 3 * n
end
return out

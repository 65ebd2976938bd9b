-- GCRA check-and-spend for the limits of several requests, one request after the other, atomic
-- because Redis runs a script alone. Time is Redis's own (TIME, in microseconds), so the replicas'
-- clocks never matter.
-- KEYS: the buckets of the batch, each once (a bucket checked at two rates, during a policy
-- reload, appears once per rate).
-- ARGV[1]: the number of requests. Then per bucket KEYS[b]: its emission interval T in
-- microseconds and its burst, negated for a shadow limit. Then per request: its number of checks
-- n, then n bucket numbers b (indices into KEYS).
-- Per request, enforced buckets are all-or-nothing: if one is over, none is spent. Shadow buckets
-- are checked only when every enforced one admitted, each on its own (spent if under its limit).
-- A bucket holds its theoretical arrival time (TAT) and expires when it would be full again. Each
-- bucket is read at most once and written at most once per run, however many requests of the
-- batch check it: the requests in between see the TAT this script holds, which is what Redis
-- would hold, since nothing else runs meanwhile.
-- Lua numbers are doubles: every value here is an integer below 2^53, so the arithmetic is exact.
-- Returns one integer per check, in request order: the bucket's reset-after time in microseconds
-- (its TAT minus now), positive if admitted, negated if over the limit, 0 if not checked (a
-- shadow bucket after an enforced one was over). The caller, knowing the rate, derives the rest:
-- remaining = floor((burst * T - reset) / T) when admitted, retry after = reset + T - burst * T
-- when over. The sign never hides a zero: an admitted check leaves the TAT at least T ahead of
-- now, and a check is over only while the TAT is more than (burst - 1) * T ahead.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local intervals, horizons, shadows = {}, {}, {}
for b = 1, #KEYS do
  local interval, burst = tonumber(ARGV[2 * b]), tonumber(ARGV[2 * b + 1])
  intervals[b] = interval
  horizons[b] = interval * math.abs(burst)
  shadows[b] = burst < 0
end
local tats = {} -- by key name: the bucket's TAT as this run holds it, read on first use
local spent = {} -- key names whose TAT this run changed
local out = {}

-- Checks bucket b for check j: its next TAT if under the limit, else false.
local function check(b, j)
  local key = KEYS[b]
  local tat = tats[key]
  if tat == nil then
    tat = tonumber(redis.call('GET', key) or 0)
    tats[key] = tat
  end
  if tat < now then
    tat = now
  end
  local next_tat = tat + intervals[b]
  if next_tat - horizons[b] > now then
    out[j] = now - tat
    return false
  end
  out[j] = next_tat - now
  return next_tat
end

local function spend(b, next_tat)
  tats[KEYS[b]] = next_tat
  spent[KEYS[b]] = true
end

local arg = 2 + 2 * #KEYS
local j = 0 -- checks before the current request
local request = {} -- the current request's bucket numbers
local next_tats = {}
for _ = 1, tonumber(ARGV[1]) do
  local n = tonumber(ARGV[arg])
  local admitted = true
  for i = 1, n do
    local b = tonumber(ARGV[arg + i])
    request[i] = b
    if not shadows[b] then
      next_tats[i] = check(b, j + i)
      if not next_tats[i] then
        admitted = false
      end
    end
  end
  for i = 1, n do
    local b = request[i]
    if not shadows[b] then
      if admitted then
        spend(b, next_tats[i])
      end
    elseif admitted then
      local next_tat = check(b, j + i)
      if next_tat then
        spend(b, next_tat)
      end
    else
      out[j + i] = 0
    end
  end
  j = j + n
  arg = arg + 1 + n
end

for key in pairs(spent) do
  local tat = tats[key]
  redis.call('SET', key, string.format('%.0f', tat), 'PX', math.ceil((tat - now) / 1000))
end
return out

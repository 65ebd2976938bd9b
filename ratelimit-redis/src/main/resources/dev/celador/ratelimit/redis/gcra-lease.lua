-- Leases tokens of one GCRA bucket to a replica: spends up to ARGV[3] requests at once, on Redis
-- time, so that the replica can admit that many requests of the bucket itself (Leases.java).
-- KEYS[1]: the bucket. ARGV[1]: emission interval T in microseconds. ARGV[2]: burst. ARGV[3]: the
-- tokens wanted, n >= 1.
-- Grants the largest k <= n that k single checks at this instant would all admit: the i-th of them
-- is admitted iff max(TAT, now) + i * T - now <= burst * T, so k = floor((burst * T - (max(TAT,
-- now) - now)) / T), and the TAT advances by k * T, exactly what those k checks would do. A
-- partial grant near the limit lets the replica spend what is left instead of falling back to one
-- script per request; k = 0 spends nothing, as a denied check.
-- Returns {k, reset}: reset is the bucket's reset-after time in microseconds after the grant
-- (TAT minus now), or negated when nothing was granted, as gcra-acquire-batch.lua answers a check.
-- What the bucket stores is what single checks store: both scripts can run on it in any order.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local interval, burst, wanted = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local tat = tonumber(redis.call('GET', KEYS[1]) or 0)
if tat < now then
  tat = now
end
local granted = math.min(wanted, math.floor((interval * burst - (tat - now)) / interval))
if granted < 1 then
  return {0, now - tat}
end
tat = tat + granted * interval
redis.call('SET', KEYS[1], string.format('%.0f', tat), 'PX', math.ceil((tat - now) / 1000))
return {granted, tat - now}

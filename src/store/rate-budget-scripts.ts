/**
 * The Lua scripts of the shared vendor budget (redis-rate-budget.ts). Each runs atomically on the
 * server and reads the server's clock (TIME), so instances with drifting clocks count alike.
 *
 * Per window two sorted sets, mirroring the in-process limiter (rate-limiter.ts, `Window`):
 * `sent` holds requests under way, scored by when the holder is no longer trusted (its deadline
 * plus a window: a crashed instance's slot expires by then); `ended` holds finished requests,
 * scored by when they stop counting (their end plus a window). Anything scored before now is
 * trimmed first, and every key expires once its last member would.
 */
const PRELUDE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local function trim(key) redis.call('ZREMRANGEBYSCORE', key, '-inf', now) end
local function expireAtLeast(key, ms)
  if redis.call('PTTL', key) < ms then redis.call('PEXPIRE', key, ms) end
end
-- The earliest instant a request with ahead requests queued before it fits the window.
local function nextAt(sent, ended, limit, windowMs, ahead)
  local endedCount = redis.call('ZCARD', ended)
  local mustEnd = redis.call('ZCARD', sent) + endedCount + ahead + 1 - math.max(1, limit)
  if mustEnd <= 0 then return now end
  if mustEnd <= endedCount then
    return tonumber(redis.call('ZRANGE', ended, mustEnd - 1, mustEnd - 1, 'WITHSCORES')[2])
  end
  local last = redis.call('ZRANGE', ended, -1, -1, 'WITHSCORES')[2]
  return math.max(now + windowMs, tonumber(last or now))
end
`;

/**
 * KEYS: sent, ended per window, then (only with ARGV[3] = '1') the bucket's waiting set. ARGV: id,
 * holdMs, unless-queued flag, then limit, windowMs per window. With the flag, a request is not
 * granted while any request waits for the bucket anywhere (answered as a wait of 0 in window -1):
 * it must then queue behind them, and the share rule applies.
 */
export const TAKE_SCRIPT = `${PRELUDE}
local holdMs = tonumber(ARGV[2])
local windows = math.floor(#KEYS / 2)
if ARGV[3] == '1' then
  trim(KEYS[#KEYS])
  if redis.call('ZCARD', KEYS[#KEYS]) > 0 then return {0, 0, -1} end
end
local waitAt, waitWindow = now, 0
for i = 1, windows do
  local sent, ended = KEYS[2 * i - 1], KEYS[2 * i]
  trim(sent) trim(ended)
  local at = nextAt(sent, ended, tonumber(ARGV[2 + 2 * i]), tonumber(ARGV[3 + 2 * i]), 0)
  if at > waitAt then waitAt, waitWindow = at, i - 1 end
end
if waitAt > now then return {0, waitAt - now, waitWindow} end
for i = 1, windows do
  local hold = holdMs + tonumber(ARGV[3 + 2 * i])
  redis.call('ZADD', KEYS[2 * i - 1], now + hold, ARGV[1])
  expireAtLeast(KEYS[2 * i - 1], hold)
end
return {1, 0, 0}
`;

/** KEYS: sent, ended per window. ARGV: id, then windowMs per window. */
export const RELEASE_SCRIPT = `${PRELUDE}
for i = 1, #KEYS / 2 do
  local windowMs = tonumber(ARGV[1 + i])
  redis.call('ZREM', KEYS[2 * i - 1], ARGV[1])
  redis.call('ZADD', KEYS[2 * i], now + windowMs, ARGV[1])
  expireAtLeast(KEYS[2 * i], windowMs)
end
return 0
`;

/**
 * KEYS: waiting, then sent, ended per window. ARGV: member, holdMs, then limit, windowMs per
 * window. `waiting` holds every waiting request of the bucket (`<id> <caller>`), scored by its
 * deadline: a request is gone by then, so a crashed instance's entries leave with it. Answers the
 * members waiting before this one, the capacity before its deadline, and when those ahead would
 * have been served.
 */
export const JOIN_SCRIPT = `${PRELUDE}
local waiting, holdMs = KEYS[1], tonumber(ARGV[2])
trim(waiting)
local ahead = redis.call('ZRANGE', waiting, 0, -1)
redis.call('ZADD', waiting, now + holdMs, ARGV[1])
expireAtLeast(waiting, holdMs)
local capacity, waitAt, waitWindow = nil, now, 0
for i = 1, (#KEYS - 1) / 2 do
  local sent, ended = KEYS[2 * i], KEYS[2 * i + 1]
  local limit, windowMs = tonumber(ARGV[1 + 2 * i]), tonumber(ARGV[2 + 2 * i])
  trim(sent) trim(ended)
  local stillCounted = redis.call('ZCOUNT', ended, '(' .. (now + holdMs), '+inf')
  local free = math.max(0, limit - redis.call('ZCARD', sent) - stillCounted)
  local fits = free + limit * math.floor(holdMs / windowMs)
  if capacity == nil or fits < capacity then capacity = fits end
  local at = nextAt(sent, ended, limit, windowMs, #ahead)
  if at > waitAt then waitAt, waitWindow = at, i - 1 end
end
return {ahead, capacity or 0, waitAt - now, waitWindow}
`;

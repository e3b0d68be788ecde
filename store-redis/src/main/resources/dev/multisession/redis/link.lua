-- A lookup key outside the browser's slot, expiring with the session it points to.
-- KEYS[1] the key. ARGV: now, 'value'|'member', the value or set member, the session's absolute expiry.
local now = now_ms()
local ttl = math.max(tonumber(ARGV[4]) - now, 1)
if ARGV[2] == 'value' then
  redis.call('SET', KEYS[1], ARGV[3], 'PX', ttl)
else
  redis.call('SADD', KEYS[1], ARGV[3])
  if redis.call('PTTL', KEYS[1]) < ttl then
    redis.call('PEXPIRE', KEYS[1], ttl)
  end
end
return { 'OK', now }

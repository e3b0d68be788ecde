-- KEYS[1] the session. ARGV: now. Read only; answers the time too, so status is judged on one clock.
local now = now_ms()
local raw = redis.call('GET', KEYS[1])
if not raw then
  return { 'NONE', now }
end
return { 'FOUND', now, raw }

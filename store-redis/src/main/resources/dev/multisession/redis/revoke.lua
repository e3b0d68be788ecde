-- KEYS[1] the session. ARGV: now, client id, final status, channel, origin.
local now = now_ms()
local raw = redis.call('GET', KEYS[1])
if not raw then
  return { 'NONE', now }
end
local s = cjson.decode(raw)
if s.cid ~= ARGV[2] or not active_at(s, now) then
  return { 'NONE', now }
end
raw = end_session(KEYS[1], s, ARGV[3])
announce(ARGV[4], ARGV[5], { s.id })
return { 'ENDED', now, raw }

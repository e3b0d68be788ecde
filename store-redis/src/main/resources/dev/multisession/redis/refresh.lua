-- KEYS[1] the session. ARGV: now, touch interval millis, client id.
local now = now_ms()
local raw = redis.call('GET', KEYS[1])
if not raw then
  return { 'UNKNOWN', now }
end
local s = cjson.decode(raw)
if s.cid ~= ARGV[3] then
  return { 'UNKNOWN', now }
end
if not active_at(s, now) then
  return { 'GONE', now, raw }
end
if now >= s.la + tonumber(ARGV[2]) then
  s.la = now
  raw = save(KEYS[1], s)
end
return { 'ACTIVE', now, raw }

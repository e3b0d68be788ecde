-- KEYS[1] the session, KEYS[2] its browser's id set. ARGV: now, expected version (-1: any),
-- 'org'|'index'|'touch', organization JSON ('' = personal account) or index, session key prefix.
local now = now_ms()
local raw = redis.call('GET', KEYS[1])
if not raw then
  return { 'UNKNOWN', now }
end
local s = cjson.decode(raw)
if not active_at(s, now) then
  return { 'NOT_ACTIVE', now, raw }
end
local expected = tonumber(ARGV[2])
if expected ~= -1 and s.v ~= expected then
  return { 'STALE', now, raw }
end
local kind = ARGV[3]
if kind == 'org' then
  if ARGV[4] == '' then
    s.org = nil
  else
    s.org = cjson.decode(ARGV[4])
  end
  if now > s.la then
    s.la = now
  end
  s.v = s.v + 1
elseif kind == 'index' then
  local want = tonumber(ARGV[4])
  for _, e in ipairs(browser(KEYS[2], ARGV[5])) do
    if e.s.id ~= s.id and e.s.ix == want and active_at(e.s, now) then
      return { 'INDEX_TAKEN', now, raw }
    end
  end
  s.ix = want
  s.v = s.v + 1
else
  if now > s.la then
    s.la = now
  end
end
return { 'APPLIED', now, save(KEYS[1], s) }

-- KEYS[1] the browser's id set. ARGV: now, final status, session key prefix, channel, origin.
local now = now_ms()
local out, ids = { 'ENDED', now }, {}
for _, e in ipairs(browser(KEYS[1], ARGV[3])) do
  if active_at(e.s, now) then
    table.insert(out, end_session(e.key, e.s, ARGV[2]))
    table.insert(ids, e.s.id)
  end
end
announce(ARGV[4], ARGV[5], ids)
return out

-- KEYS[1] the browser's id set. ARGV: now, session key prefix.
local now = now_ms()
local out = { 'LIST', now }
for _, e in ipairs(browser(KEYS[1], ARGV[2])) do
  table.insert(out, e.raw)
end
return out

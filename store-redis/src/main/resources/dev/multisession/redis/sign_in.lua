-- KEYS[1] the browser's id set. ARGV: now, new session JSON, cap, 'REFUSE'|'EVICT',
-- replace same user '1'|'0', session key prefix of the browser, channel, origin.
-- Mirrors InMemorySessionStore#signIn and SessionPolicy (indexFor, evictionVictim).
local now = now_ms()
local fresh = cjson.decode(ARGV[2])
local cap = tonumber(ARGV[3])
local prefix = ARGV[6]
local active, recently = {}, {}
for _, e in ipairs(browser(KEYS[1], prefix)) do
  if active_at(e.s, now) then
    table.insert(active, e)
  else
    recently[e.s.ix] = true
  end
end
local same = nil
if ARGV[5] == '1' then
  for i, e in ipairs(active) do
    if e.s.u.id == fresh.u.id then
      same = i
      break
    end
  end
end
if #active - (same and 1 or 0) >= cap and ARGV[4] == 'REFUSE' then
  return { 'REFUSED', now }
end
local ended, ended_ids = {}, {}
local preferred = -1
if same then
  local e = table.remove(active, same)
  table.insert(ended, end_session(e.key, e.s, 'ENDED'))
  table.insert(ended_ids, e.s.id)
  preferred = e.s.ix
end
while #active >= cap do
  local v = 1
  for i = 2, #active do
    local a, b = active[i].s, active[v].s
    if a.la < b.la or (a.la == b.la and id_less(a.id, b.id)) then
      v = i
    end
  end
  local e = table.remove(active, v)
  table.insert(ended, end_session(e.key, e.s, 'REMOVED'))
  table.insert(ended_ids, e.s.id)
  recently[e.s.ix] = true
end
local taken = {}
for _, e in ipairs(active) do
  taken[e.s.ix] = true
end
local index = nil
if preferred >= 0 and not taken[preferred] then
  index = preferred
else
  for i = 0, cap - 1 do
    if not taken[i] and not recently[i] then
      index = i
      break
    end
  end
  if index == nil then
    index = 0
    while taken[index] do
      index = index + 1
    end
  end
end
fresh.ix = index
set_tasks(fresh, tasks_of(fresh))
fresh.v = 0
local ttl = math.max(fresh.exp - now, 1)
local raw = cjson.encode(fresh)
redis.call('SET', prefix .. fresh.id, raw, 'PX', ttl)
redis.call('SADD', KEYS[1], fresh.id)
if redis.call('PTTL', KEYS[1]) < ttl then
  redis.call('PEXPIRE', KEYS[1], ttl)
end
announce(ARGV[7], ARGV[8], ended_ids)
local out = { 'CREATED', now, raw }
for _, r in ipairs(ended) do
  table.insert(out, r)
end
return out

-- Prepended to every script of RedisSessionStore. A session is one JSON string per key
-- (<prefix>{c:<clientId>}:s:<sessionId>, fields: id ix cid u st ca la exp ito? org? act? tk? v; times
-- in epoch millis); a browser's ids are the set <prefix>{c:<clientId>}:idx (same hash tag, so
-- one slot). ARGV[1] is "now" in epoch millis (TimeSource.CALLER) or '' to read Redis's clock
-- (TimeSource.REDIS). Every script answers { code, now, session JSON... }.

local function now_ms()
  local a = ARGV[1]
  if a ~= nil and a ~= '' then
    return tonumber(a)
  end
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

-- Session#isActiveAt: live (ACTIVE, or PENDING with tasks), before the absolute expiry and before
-- the inactivity timeout.
local function active_at(s, now)
  if (s.st ~= 'ACTIVE' and s.st ~= 'PENDING') or now >= s.exp then
    return false
  end
  if s.ito ~= nil and now >= s.la + s.ito then
    return false
  end
  return true
end

-- Byte-wise order of two ids, as Java's String#compareTo for ASCII (Lua's < follows the server's locale).
local function id_less(a, b)
  local n = math.min(#a, #b)
  for i = 1, n do
    local x, y = string.byte(a, i), string.byte(b, i)
    if x ~= y then
      return x < y
    end
  end
  return #a < #b
end

-- Rewrites a session; its key keeps its TTL (the absolute expiry never changes).
local function save(key, s)
  local raw = cjson.encode(s)
  redis.call('SET', key, raw, 'KEEPTTL')
  return raw
end

-- Ends an active session: final status, one version more.
local function end_session(key, s, status)
  s.st = status
  s.v = s.v + 1
  return save(key, s)
end

-- Tells every node which sessions ended: "<origin> <id> <id>...".
local function announce(channel, origin, ids)
  if #ids > 0 then
    redis.call('PUBLISH', channel, origin .. ' ' .. table.concat(ids, ' '))
  end
end

-- The browser's stored sessions { key, s, raw }; ids whose record has expired are dropped from the set.
local function browser(idx, prefix)
  local out = {}
  for _, id in ipairs(redis.call('SMEMBERS', idx)) do
    local key = prefix .. id
    local raw = redis.call('GET', key)
    if raw then
      table.insert(out, { key = key, s = cjson.decode(raw), raw = raw })
    else
      redis.call('SREM', idx, id)
    end
  end
  return out
end


-- A live session's status follows its tasks (Session.Builder#tasks): PENDING with tasks, else ACTIVE.
-- An empty task list is dropped (cjson would write it as {}).
local function set_tasks(s, tasks)
  if tasks == nil or #tasks == 0 then
    s.tk = nil
    s.st = 'ACTIVE'
  else
    s.tk = tasks
    s.st = 'PENDING'
  end
end

-- The session's tasks as a Lua list (none: empty).
local function tasks_of(s)
  if type(s.tk) ~= 'table' then
    return {}
  end
  return s.tk
end

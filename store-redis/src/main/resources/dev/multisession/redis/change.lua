-- KEYS[1] the session, KEYS[2] its browser's id set. ARGV: now, expected version (-1: any),
-- 'org'|'chooseorg'|'index'|'addtask'|'completetask'|'touch', organization JSON ('' = personal
-- account) or index or task key, session key prefix, most tasks a session may hold.
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
elseif kind == 'chooseorg' then
  -- a user's switch: completes a current choose-organization task in the same step
  s.org = cjson.decode(ARGV[4])
  local tasks = tasks_of(s)
  if tasks[1] == 'choose-organization' then
    table.remove(tasks, 1)
    set_tasks(s, tasks)
  end
  if now > s.la then
    s.la = now
  end
  s.v = s.v + 1
elseif kind == 'addtask' then
  local tasks = tasks_of(s)
  for _, t in ipairs(tasks) do
    if t == ARGV[4] then
      return { 'APPLIED', now, raw }
    end
  end
  if #tasks >= tonumber(ARGV[6]) then
    return { 'TOO_MANY_TASKS', now, raw }
  end
  table.insert(tasks, ARGV[4])
  set_tasks(s, tasks)
  s.v = s.v + 1
elseif kind == 'completetask' then
  local tasks = tasks_of(s)
  if tasks[1] ~= ARGV[4] then
    return { 'TASK_NOT_CURRENT', now, raw }
  end
  table.remove(tasks, 1)
  set_tasks(s, tasks)
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

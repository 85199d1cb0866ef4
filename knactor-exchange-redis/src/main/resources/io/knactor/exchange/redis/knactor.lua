#!lua name=knactor

-- The Knactor object exchange's server-side library. Every function runs atomically in Redis, so
-- a commit checks, numbers, stores, logs and trims in one step that no reader sees half done.
--
-- Layout (all keys share the hash tag {prefix}, so one exchange lives in one cluster slot):
--   version        the exchange version: the resourceVersion of the last committed write
--   floor          watches from below this version are expired (the change stream was trimmed)
--   changes        a stream with one entry per version, id "<version>-0":
--                  field e = type \n store \n kind/name \n labels \n data
--   objects:<store>  a hash, field kind/name = version \n labels \n data
--   history:<store>/<kind>/<name>  a list, oldest first, of
--                  version \n type \n millis \n principal \n labels \n annotations \n data
-- labels, annotations, data and principal are compact JSON, which never holds a raw newline.

local function split_object(value)
  local a = string.find(value, '\n', 1, true)
  local b = string.find(value, '\n', a + 1, true)
  return tonumber(string.sub(value, 1, a - 1)), string.sub(value, a + 1, b - 1),
    string.sub(value, b + 1)
end

local WRITE_ARGS = 8

-- KEYS: version, changes, floor, commit (the batch's id: Lettuce may re-send a command that was in
-- flight when the connection broke, and the stored reply makes the second run answer the first's),
-- then per write: its store's objects hash, its history list.
-- ARGV: principal, history limit, change retention, then per write WRITE_ARGS values:
--   op (C create, R replace, U upsert, D delete, P put a client-side patch result),
--   store, kind/name, expected version (0: any), basis (P: the version the patch was computed
--   from, 0 for absent), labels ('' keeps them), data ('' for D), annotations.
-- Returns {'ok', first version - 1, millis, labels_1, deleted_data_1, ...} or, changing nothing,
-- {'exists', i, version}, {'missing', i}, {'stale', i, version}, {'retry', i}.
local function commit(keys, args)
  local done = redis.call('GET', keys[4])
  if done then
    return cjson.decode(done)
  end
  local n = (#keys - 4) / 2
  local base = tonumber(redis.call('GET', keys[1]) or '0')
  local states = {}
  local plan = {}
  for i = 1, n do
    local objects = keys[3 + 2 * i]
    local a = 3 + WRITE_ARGS * (i - 1)
    local op, field = args[a + 1], args[a + 3]
    local expected, basis = tonumber(args[a + 4]), tonumber(args[a + 5])
    local id = objects .. '\0' .. field
    local state = states[id]
    if not state then
      local value = redis.call('HGET', objects, field)
      state = { version = 0, original = 0 }
      if value then
        state.version, state.labels, state.data = split_object(value)
        state.original = state.version
      end
      states[id] = state
    end
    if op == 'P' then
      if state.original ~= basis then
        return { 'retry', i }
      end
    elseif op == 'C' and state.version ~= 0 then
      return { 'exists', i, state.version }
    elseif (op == 'R' or op == 'D') and state.version == 0 then
      return { 'missing', i }
    end
    if expected ~= 0 and expected ~= state.version then
      return { 'stale', i, state.version }
    end
    local version = base + i
    local labels = args[a + 6]
    if labels == '' then
      labels = state.labels or '{}'
    end
    local step = { version = version, labels = labels, objects = objects, field = field }
    if op == 'D' then
      step.type, step.data = 'DELETED', state.data
      state.version, state.labels, state.data = 0, nil, nil
    else
      step.type = state.version == 0 and 'ADDED' or 'MODIFIED'
      step.data = args[a + 7]
      state.version, state.labels, state.data = version, labels, step.data
    end
    plan[i] = step
  end

  local time = redis.call('TIME')
  local millis = tostring(tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000))
  local principal, limit, retention = args[1], tonumber(args[2]), tonumber(args[3])
  local reply = { 'ok', base, millis }
  redis.call('INCRBY', keys[1], n)
  for i = 1, n do
    local step = plan[i]
    local a = 3 + WRITE_ARGS * (i - 1)
    local version = tostring(step.version)
    if step.type == 'DELETED' then
      redis.call('HDEL', step.objects, step.field)
    else
      redis.call('HSET', step.objects, step.field, version .. '\n' .. step.labels .. '\n' .. step.data)
    end
    redis.call('XADD', keys[2], version .. '-0', 'e',
      step.type .. '\n' .. args[a + 2] .. '\n' .. step.field .. '\n' .. step.labels .. '\n' .. step.data)
    local history = keys[4 + 2 * i]
    redis.call('RPUSH', history, version .. '\n' .. step.type .. '\n' .. millis .. '\n' .. principal
      .. '\n' .. step.labels .. '\n' .. args[a + 8] .. '\n' .. step.data)
    redis.call('LTRIM', history, -limit, -1)
    reply[#reply + 1] = step.labels
    reply[#reply + 1] = step.type == 'DELETED' and step.data or ''
  end

  -- Trim in steps of a tenth of the retention, so that most commits do not trim at all.
  local last = base + n
  local floor = tonumber(redis.call('GET', keys[3]) or '0')
  if last - floor > retention + math.max(1, math.floor(retention / 10)) then
    floor = last - retention
    redis.call('SET', keys[3], floor)
    redis.call('XTRIM', keys[2], 'MINID', tostring(floor + 1) .. '-0')
  end
  redis.call('SET', keys[4], cjson.encode(reply), 'EX', 300)
  return reply
end

-- KEYS: version, floor, changes. ARGV: through version.
-- Forgets the changes up to and including the version (capped at the current version).
local function trim(keys, args)
  local current = tonumber(redis.call('GET', keys[1]) or '0')
  local through = math.min(tonumber(args[1]), current)
  local floor = tonumber(redis.call('GET', keys[2]) or '0')
  if through > floor then
    redis.call('SET', keys[2], through)
    redis.call('XTRIM', keys[3], 'MINID', tostring(through + 1) .. '-0')
    floor = through
  end
  return floor
end

-- KEYS: version, objects hash. ARGV: 'kind/' to list one kind, or '' for all.
-- Returns {version, field_1, value_1, ...}: a snapshot and the version it was taken at.
local function list(keys, args)
  local reply = { tonumber(redis.call('GET', keys[1]) or '0') }
  local prefix = args[1]
  local all = redis.call('HGETALL', keys[2])
  for i = 1, #all, 2 do
    if prefix == '' or string.sub(all[i], 1, #prefix) == prefix then
      reply[#reply + 1] = all[i]
      reply[#reply + 1] = all[i + 1]
    end
  end
  return reply
end

-- KEYS: version, floor. Returns {version, floor}.
local function bounds(keys, args)
  return { tonumber(redis.call('GET', keys[1]) or '0'), tonumber(redis.call('GET', keys[2]) or '0') }
end

redis.register_function('knactor_commit', commit)
redis.register_function('knactor_trim', trim)
redis.register_function { function_name = 'knactor_list', callback = list, flags = { 'no-writes' } }
redis.register_function { function_name = 'knactor_bounds', callback = bounds, flags = { 'no-writes' } }

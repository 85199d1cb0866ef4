#!lua name=knactor

-- The Knactor object exchange's server-side library. Every function runs atomically in Redis, so
-- a commit checks, numbers, stores, logs and trims in one step that no reader sees half done.
--
-- Layout (all keys share the hash tag {prefix}, so one exchange lives in one cluster slot):
--   version        the exchange version: the resourceVersion of the last committed write
--   floor          watches from below this version are expired (the change stream was trimmed)
--   changes        a stream with one entry per version, id "<version>-0":
--                  field e = type \n store \n kind/name \n labels \n data
--   changes:<store>  the same entries of one store (a watch of one store reads only these), each
--                  with field p = the version of the store's previous change, or 0
--   heads          a hash, field store = the version of its last change
--   since          the version after which every change is in its store's stream too
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


-- Push-down: the plans of integrators (see PushDownPlan in knactor-cast), evaluated after a
-- commit's own writes, in the same call. Documents are never decoded with cjson, which changes
-- them (empty objects become arrays, large numbers lose digits): a small scanner finds the text of
-- a field, and a target field is set by splicing its JSON text into the target document, so every
-- other byte of the document stays as the client wrote it.

local function skip_ws(s, i)
  return string.find(s, '[^ \t\r\n]', i) or (#s + 1)
end

-- s[i] is the opening quote; returns the index after the closing one.
local function skip_string(s, i)
  local j = i + 1
  while true do
    local q = string.find(s, '["\\]', j)
    if string.byte(s, q) == 92 then
      j = q + 2
    else
      return q + 1
    end
  end
end

-- s[i] is the first character of a value; returns the index after it.
local function skip_value(s, i)
  local c = string.byte(s, i)
  if c == 34 then
    return skip_string(s, i)
  end
  if c == 123 or c == 91 then
    local depth, j = 0, i
    while true do
      local k = string.find(s, '[%[%]{}"]', j)
      local b = string.byte(s, k)
      if b == 34 then
        j = skip_string(s, k)
      else
        depth = depth + ((b == 123 or b == 91) and 1 or -1)
        j = k + 1
        if depth == 0 then
          return j
        end
      end
    end
  end
  return string.find(s, '[,}%] \t\r\n]', i) or (#s + 1)
end

-- s[i] is '{'. Calls visit(name, start, end + 1) with each member's value, in order, until it
-- returns true; returns the span of that value, or nil and the index of the closing brace.
local function scan_members(s, i, visit)
  local j = skip_ws(s, i + 1)
  if string.byte(s, j) == 125 then
    return nil, nil, j
  end
  while true do
    local key_end = skip_string(s, j)
    local key = string.sub(s, j + 1, key_end - 2)
    local v = skip_ws(s, skip_ws(s, key_end) + 1)
    local v_end = skip_value(s, v)
    if visit(key, v, v_end) then
      return v, v_end
    end
    j = skip_ws(s, v_end)
    if string.byte(s, j) == 125 then
      return nil, nil, j
    end
    j = skip_ws(s, j + 1)
  end
end

-- s[i] is '{'. Returns the span of member name's value, or nil and the index of the closing brace.
local function find_member(s, i, name)
  return scan_members(s, i, function(key)
    return key == name
  end)
end

-- The JSON text of the field at path, or nil when a step is missing or not an object. Starts at
-- step k of the path, with s[i] the value that steps 1 to k - 1 lead to (by default, the first).
local function get_field(s, path, i, k)
  i = i or skip_ws(s, 1)
  local v, v_end
  for k = k or 1, #path do
    if string.byte(s, i) ~= 123 then
      return nil
    end
    v, v_end = find_member(s, i, path[k])
    if not v then
      return nil
    end
    i = v
  end
  return string.sub(s, v, v_end - 1)
end

-- The top-level members of a JSON object's text: name -> {start, end + 1} of its value (the
-- first of duplicates, as find_member finds it); false when the text is not an object.
local function members_of(s)
  local i = skip_ws(s, 1)
  if string.byte(s, i) ~= 123 then
    return false
  end
  local index = {}
  scan_members(s, i, function(key, v, v_end)
    if index[key] == nil then
      index[key] = { v, v_end }
    end
  end)
  return index
end

-- get_field of a stored object's data (see stored), whose top-level members are scanned once
-- however many rules read it.
local function field_of(object, path)
  local index = object.members
  if index == nil then
    index = members_of(object.data)
    object.members = index
  end
  local span = index and index[path[1]]
  if not span then
    return nil
  end
  if #path == 1 then
    return string.sub(object.data, span[1], span[2] - 1)
  end
  return get_field(object.data, path, span[1], 2)
end

local function nested(path, k, value)
  if k > #path then
    return value
  end
  return '{"' .. path[k] .. '":' .. nested(path, k + 1, value) .. '}'
end

-- The document with the field at path set to value (JSON text), as a JSON merge patch of
-- {path: value} would set it: missing objects on the way are created, non-objects replaced.
local function set_field(s, i, path, k, value)
  local v, v_end, close = find_member(s, i, path[k])
  if v then
    if k == #path then
      return string.sub(s, 1, v - 1) .. value .. string.sub(s, v_end)
    end
    if string.byte(s, v) == 123 then
      return set_field(s, v, path, k + 1, value)
    end
    return string.sub(s, 1, v - 1) .. nested(path, k + 1, value) .. string.sub(s, v_end)
  end
  local member = '"' .. path[k] .. '":' .. nested(path, k + 1, value)
  local empty = skip_ws(s, i + 1) == close
  return string.sub(s, 1, close - 1) .. (empty and '' or ',') .. member .. string.sub(s, close)
end

-- What json_string writes for each character it escapes (control characters as \u00XX); made on
-- first use, since the string library is not available while the library loads.
local escapes

local function json_string(text)
  if not escapes then
    escapes = { ['"'] = '\\"', ['\\'] = '\\\\' }
    for c = 0, 127 do
      if string.find(string.char(c), '%c') then
        escapes[string.char(c)] = string.format('\\u%04x', c)
      end
    end
  end
  return '"' .. string.gsub(text, '[%c"\\]', escapes) .. '"'
end

local PENDING = {}
local TRUE, FALSE = { t = 'bool', v = true }, { t = 'bool', v = false }

-- A field's text as a value of the type the plan expects, or PENDING when it is missing or of
-- another form (the runtime would leave the target unset too: pending or failed).
local function typed(text, type)
  if not text then
    return PENDING
  end
  local c = string.sub(text, 1, 1)
  if type == 'string' then
    return c == '"' and { t = 'string', raw = text } or PENDING
  elseif type == 'bool' then
    if text == 'true' then
      return TRUE
    end
    return text == 'false' and FALSE or PENDING
  elseif type == 'int' then
    if #text <= 18 and string.find(text, '^%-?[0-9]+$') then
      return { t = 'int', raw = text }
    end
    return PENDING
  elseif type == 'double' then
    if string.find(text, '^%-?[0-9]') then
      return { t = 'double', v = tonumber(text) }
    end
    return PENDING
  end
  return PENDING
end

local function equal(a, b)
  if a.t == 'double' or a.t == 'bool' then
    return a.v == b.v
  end
  return a.raw == b.raw
end

local eval

local function logical(op, args, inputs)
  local a, b = eval(args[1], inputs), eval(args[2], inputs)
  local decisive = op == 'or'
  if a.v == decisive or b.v == decisive then
    return decisive and TRUE or FALSE
  end
  if a == PENDING or b == PENDING then
    return PENDING
  end
  return decisive and FALSE or TRUE
end

eval = function(node, inputs)
  local op = node.op
  if op == 'field' then
    local object = inputs[node.input + 1]
    return object and typed(field_of(object, node.path), node.type) or PENDING
  elseif op == 'lit' then
    return typed(node.json, node.type)
  elseif op == 'cond' then
    local c = eval(node.args[1], inputs)
    if c == PENDING then
      return PENDING
    end
    return eval(node.args[c.v and 2 or 3], inputs)
  elseif op == 'and' or op == 'or' then
    return logical(op, node.args, inputs)
  elseif op == 'not' then
    local a = eval(node.args[1], inputs)
    if a == PENDING then
      return PENDING
    end
    return a.v and FALSE or TRUE
  end
  local a, b = eval(node.args[1], inputs), eval(node.args[2], inputs)
  if a == PENDING or b == PENDING then
    return PENDING
  end
  local r
  if op == '==' then
    r = equal(a, b)
  elseif op == '!=' then
    r = not equal(a, b)
  elseif op == '<' then
    r = a.v < b.v
  elseif op == '<=' then
    r = a.v <= b.v
  elseif op == '>' then
    r = a.v > b.v
  else
    r = a.v >= b.v
  end
  return r and TRUE or FALSE
end

local function text_of(value)
  if value.t == 'bool' then
    return value.v and 'true' or 'false'
  end
  return value.raw
end

-- The installed plans of each exchange (by its pushdown key), decoded, with the token that the
-- install or removal that last changed them set: a commit reads the token, not the plans. Each
-- plan's rules are indexed by the store and kind of their inputs (plan order kept), so that a
-- written object is matched only against the rules that read its kind.
local plan_cache = {}

local function plans_of(key, token)
  token = token or ''
  local cached = plan_cache[key]
  if cached and cached.token == token then
    return cached.plans
  end
  local all = redis.call('HGETALL', key)
  local plans = {}
  for i = 2, #all, 2 do
    local plan = cjson.decode(all[i])
    plan.by_input = {}
    for _, rule in ipairs(plan.rules) do
      local seen = {}
      for _, input in ipairs(rule.inputs) do
        local id = input.store .. '\0' .. input.kind
        if not seen[id] then
          seen[id] = true
          local rules = plan.by_input[id] or {}
          rules[#rules + 1] = rule
          plan.by_input[id] = rules
        end
      end
    end
    plans[#plans + 1] = plan
  end
  plan_cache[key] = { token = token, plans = plans }
  return plans
end

-- Marks the plans of an exchange changed: a token no earlier change set (time and a counter, so
-- that an exchange deleted and made again does not repeat one).
local function plans_changed(key)
  local time = redis.call('TIME')
  redis.call('SET', key .. '-token', time[1] .. '.' .. time[2] .. '.'
    .. redis.call('INCR', key .. '-changes'))
end

-- Derived writes allowed per call, beyond 16 per written object: a bound on chains of plans.
local MAX_DERIVED = 64


-- The state of one call that writes: the last version it took (ctx.version; the version key is
-- set once, by finish), the objects it read or wrote (so that plans read and parse each at most
-- once), and the heads of the stores it logged to (written back once, by finish).
local function new_ctx(tag, version_key, version, millis, principal, limit)
  return { tag = tag, version_key = version_key, version = version, millis = millis,
    principal = principal, limit = limit, objects = {}, heads = {}, logged = {} }
end

-- An object as this call left it, {version, labels, data}, or nil when it is absent.
local function stored(ctx, objects, field)
  local id = objects .. '\0' .. field
  local object = ctx.objects[id]
  if object == nil then
    local value = redis.call('HGET', objects, field)
    object = false
    if value then
      local version, labels, data = split_object(value)
      object = { version = version, labels = labels, data = data }
    end
    ctx.objects[id] = object
  end
  return object or nil
end

local function store_object(ctx, objects, field, version, labels, data)
  ctx.objects[objects .. '\0' .. field] = { version = version, labels = labels, data = data }
  redis.call('HSET', objects, field, version .. '\n' .. labels .. '\n' .. data)
end

-- Appends a change to the change stream and to its store's stream. The store's entries carry the
-- version of its previous change, so that a watch of one store, whose versions are not
-- consecutive, can still tell that the stream was trimmed past it.
local function log_change(ctx, version, store, entry)
  local tag = ctx.tag
  redis.call('XADD', tag .. 'changes', version .. '-0', 'e', entry)
  local prev = ctx.heads[store]
  if not prev then
    prev = redis.call('HGET', tag .. 'heads', store)
    if not prev then
      prev = '0'
      redis.call('SET', tag .. 'since', tostring(tonumber(version) - 1), 'NX')
    end
  end
  redis.call('XADD', tag .. 'changes:' .. store, version .. '-0', 'e', entry, 'p', prev)
  ctx.heads[store] = version
  ctx.logged[#ctx.logged + 1] = store
end

-- Appends an entry to an object's history, keeping the last ctx.limit.
local function record_history(ctx, history, entry)
  if redis.call('RPUSH', history, entry) > ctx.limit then
    redis.call('LTRIM', history, -ctx.limit, -1)
  end
end

-- Writes back what the call kept to itself: the version and the heads of the stores it logged to.
local function finish(ctx)
  local heads, seen = {}, {}
  for _, store in ipairs(ctx.logged) do
    if not seen[store] then
      seen[store] = true
      heads[#heads + 1] = store
      heads[#heads + 1] = ctx.heads[store]
    end
  end
  if #heads > 0 then
    redis.call('HSET', ctx.tag .. 'heads', unpack(heads))
    redis.call('SET', ctx.version_key, ctx.version)
  end
end

-- Writes one object as the integrator: the next version, the stream entry and the history entry.
local function write_derived(ctx, objects, store, field, existed, labels, data, annotations)
  ctx.version = ctx.version + 1
  local version = tostring(ctx.version)
  local type = existed and 'MODIFIED' or 'ADDED'
  store_object(ctx, objects, field, version, labels, data)
  log_change(ctx, version, store,
    type .. '\n' .. store .. '\n' .. field .. '\n' .. labels .. '\n' .. data)
  record_history(ctx, ctx.tag .. 'history:' .. store .. '/' .. field, version .. '\n' .. type
    .. '\n' .. ctx.millis .. '\n' .. ctx.principal .. '\n' .. labels .. '\n' .. annotations .. '\n'
    .. data)
end

-- Evaluates the rules of plan that read objects of kind in store, for the object called name, and
-- writes each target object whose fields change, with the provenance the runtime would write.
-- Returns the objects written, as {store, kind, name}, so that other plans see them too.
local function derive(ctx, plan, store, kind, name)
  local targets, order, source_names = {}, {}, {}
  local rules = plan.by_input[store .. '\0' .. kind]
  if not rules then
    return {}
  end
  for _, rule in ipairs(rules) do
    do
      local docs, sources, complete = {}, {}, true
      for i, input in ipairs(rule.inputs) do
        local object = stored(ctx, ctx.tag .. 'objects:' .. input.store, input.kind .. '/' .. name)
        if object then
          docs[i] = object
          local id = input.store .. '/' .. input.kind
          local source = source_names[id]
          if not source then
            source = json_string(id .. '/' .. name) .. ':'
            source_names[id] = source
          end
          sources[#sources + 1] = source .. object.version
        else
          complete = false
        end
      end
      -- A rule runs only once every object it reads exists, as in the runtime.
      local result = complete and eval(rule.expr, docs) or PENDING
      if result ~= PENDING then
        local id = rule.target.store .. '\0' .. rule.target.kind
        local target = targets[id]
        if not target then
          local objects = ctx.tag .. 'objects:' .. rule.target.store
          local field = rule.target.kind .. '/' .. name
          local object = stored(ctx, objects, field)
          target = { objects = objects, field = field, store = rule.target.store,
            kind = rule.target.kind, existed = object ~= nil,
            labels = object and object.labels or '{}', data = object and object.data or '{}',
            fields = {}, paths = {} }
          targets[id] = target
          order[#order + 1] = id
        end
        local text = text_of(result)
        if get_field(target.data, rule.path) ~= text then
          target.data = set_field(target.data, skip_ws(target.data, 1), rule.path, 1, text)
          local path = table.concat(rule.path, '.')
          table.sort(sources)
          target.fields[path] = '{"rule":' .. json_string(rule.rule) .. ',"sources":{'
            .. table.concat(sources, ',') .. '}}'
          target.paths[#target.paths + 1] = path
        end
      end
    end
  end
  local written = {}
  for _, id in ipairs(order) do
    local target = targets[id]
    if #target.paths > 0 and #target.data <= 1048576 then
      table.sort(target.paths)
      local fields = {}
      for _, path in ipairs(target.paths) do
        fields[#fields + 1] = json_string(path) .. ':' .. target.fields[path]
      end
      local annotations = '{"cast.knactor.io/fields":'
        .. json_string('{' .. table.concat(fields, ',') .. '}')
        .. ',"cast.knactor.io/integrator":' .. json_string(plan.integrator)
        .. ',"cast.knactor.io/revision":' .. json_string(tostring(plan.revision)) .. '}'
      local saved = ctx.principal
      ctx.principal = json_string(plan.integrator)
      write_derived(ctx, target.objects, target.store, target.field, target.existed, target.labels,
        target.data, annotations)
      ctx.principal = saved
      written[#written + 1] = { target.store, target.kind, name }
    end
  end
  return written
end

-- Runs every installed plan over the objects a commit wrote (and, in turn, over what the plans
-- write, up to MAX_DERIVED + 16 per written object).
local function push_down(ctx, plans, changed)
  if #plans == 0 then
    return
  end
  local derived, i, cap = 0, 1, MAX_DERIVED + 16 * #changed
  while i <= #changed and derived < cap do
    local c = changed[i]
    for _, plan in ipairs(plans) do
      for _, w in ipairs(derive(ctx, plan, c[1], c[2], c[3])) do
        changed[#changed + 1] = w
        derived = derived + 1
      end
    end
    i = i + 1
  end
end

-- Drops the changes up to and including floor from the change stream and every store's stream.
local function drop_through(changes_key, floor)
  local min = tostring(floor + 1) .. '-0'
  redis.call('XTRIM', changes_key, 'MINID', min)
  local tag = string.sub(changes_key, 1, #changes_key - #'changes')
  for _, store in ipairs(redis.call('HKEYS', tag .. 'heads')) do
    redis.call('XTRIM', tag .. 'changes:' .. store, 'MINID', min)
  end
end

-- Trims the change stream in steps of a tenth of the retention, so that most commits do not trim.
-- last is the current version, floor the stored one.
local function trim_log(changes_key, floor_key, last, floor, retention)
  if last - floor > retention + math.max(1, math.floor(retention / 10)) then
    floor = last - retention
    redis.call('SET', floor_key, floor)
    drop_through(changes_key, floor)
  end
end

local function now_millis()
  local time = redis.call('TIME')
  return tostring(tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000))
end

-- KEYS: version, changes, floor, pushdown. ARGV: integrator, plan, history limit, change retention.
-- Installs the plan and evaluates it over every existing object of its input kinds, in one atomic
-- step: no source write can fall between the evaluation and the install. Returns the version.
local function install(keys, args)
  redis.call('HSET', keys[4], args[1], args[2])
  plans_changed(keys[4])
  local plan = cjson.decode(args[2])
  local tag = string.sub(keys[1], 1, #keys[1] - #'version')
  local seen, changed = {}, {}
  for _, rule in ipairs(plan.rules) do
    for _, input in ipairs(rule.inputs) do
      local id = input.store .. '\0' .. input.kind
      if not seen[id] then
        seen[id] = true
        local prefix = input.kind .. '/'
        for _, field in ipairs(redis.call('HKEYS', tag .. 'objects:' .. input.store)) do
          if string.sub(field, 1, #prefix) == prefix then
            changed[#changed + 1] = { input.store, input.kind, string.sub(field, #prefix + 1) }
          end
        end
      end
    end
  end
  local state = redis.call('MGET', keys[1], keys[3], keys[4] .. '-token')
  local ctx = new_ctx(tag, keys[1], tonumber(state[1] or '0'), now_millis(), '""',
    tonumber(args[3]))
  push_down(ctx, plans_of(keys[4], state[3]), changed)
  finish(ctx)
  trim_log(keys[2], keys[3], ctx.version, tonumber(state[2] or '0'), tonumber(args[4]))
  return ctx.version
end

local WRITE_ARGS = 8

local function retry(keys, args, n, i)
  local reply = { 'retry', i }
  for j = 1, n do
    local a = 3 + WRITE_ARGS * (j - 1)
    local value = args[a + 1] == 'P' and redis.call('HGET', keys[4 + 2 * j], args[a + 3])
    reply[#reply + 1] = value or ''
  end
  return reply
end

-- KEYS: version, changes, floor, commit (the batch's id: Lettuce may re-send a command that was in
-- flight when the connection broke, and the stored reply makes the second run answer the first's),
-- pushdown (the hash of installed plans), then per write: its store's objects hash, its history
-- list. The target objects of pushed-down rules are found through the plans: their keys share the
-- exchange's hash tag, so they live in the same cluster slot.
-- ARGV: principal, history limit, change retention, then per write WRITE_ARGS values:
--   op (C create, R replace, U upsert, D delete, P put a client-side patch result),
--   store, kind/name, expected version (0: any), basis (P: the version the patch was computed
--   from, 0 for absent), labels ('' keeps them), data ('' for D), annotations.
-- Returns {'ok', first version - 1, millis, labels_1, deleted_data_1, ...} or, changing nothing,
-- {'exists', i, version}, {'missing', i}, {'stale', i, version}, or {'retry', i, current_1, ...}
-- with the stored value of each write's object when it is a P write ('' for others and absent
-- objects), so that the caller computes its patches again without reading them first.
local function commit(keys, args)
  local state = redis.call('MGET', keys[4], keys[1], keys[3], keys[5] .. '-token')
  if state[1] then
    return cjson.decode(state[1])
  end
  local n = (#keys - 5) / 2
  local base = tonumber(state[2] or '0')
  local states = {}
  local plan = {}
  for i = 1, n do
    local objects = keys[4 + 2 * i]
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
        return retry(keys, args, n, i)
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
    local step = { version = version, labels = labels, objects = objects, field = field,
      store = args[a + 2] }
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

  local millis = now_millis()
  local tag = string.sub(keys[1], 1, #keys[1] - #'version')
  local principal, limit, retention = args[1], tonumber(args[2]), tonumber(args[3])
  local ctx = new_ctx(tag, keys[1], base + n, millis, principal, limit)
  local reply = { 'ok', base, millis }
  for i = 1, n do
    local step = plan[i]
    local a = 3 + WRITE_ARGS * (i - 1)
    local version = tostring(step.version)
    if step.type == 'DELETED' then
      ctx.objects[step.objects .. '\0' .. step.field] = false
      redis.call('HDEL', step.objects, step.field)
    else
      store_object(ctx, step.objects, step.field, version, step.labels, step.data)
    end
    log_change(ctx, version, args[a + 2],
      step.type .. '\n' .. args[a + 2] .. '\n' .. step.field .. '\n' .. step.labels .. '\n' .. step.data)
    record_history(ctx, keys[5 + 2 * i], version .. '\n' .. step.type .. '\n' .. millis .. '\n'
      .. principal .. '\n' .. step.labels .. '\n' .. args[a + 8] .. '\n' .. step.data)
    reply[#reply + 1] = step.labels
    reply[#reply + 1] = step.type == 'DELETED' and step.data or ''
  end

  local changed = {}
  for i = 1, n do
    local step = plan[i]
    if step.type ~= 'DELETED' then
      local slash = string.find(step.field, '/', 1, true)
      changed[#changed + 1] = { step.store, string.sub(step.field, 1, slash - 1),
        string.sub(step.field, slash + 1) }
    end
  end
  push_down(ctx, plans_of(keys[5], state[4]), changed)
  finish(ctx)
  trim_log(keys[2], keys[3], ctx.version, tonumber(state[3] or '0'), retention)
  redis.call('SET', keys[4], cjson.encode(reply), 'EX', 300)
  return reply
end

-- KEYS: pushdown. ARGV: integrator. Removes its plan.
local function remove(keys, args)
  local removed = redis.call('HDEL', keys[1], args[1])
  plans_changed(keys[1])
  return removed
end

-- KEYS: version, floor, changes. ARGV: through version.
-- Forgets the changes up to and including the version (capped at the current version).
local function trim(keys, args)
  local current = tonumber(redis.call('GET', keys[1]) or '0')
  local through = math.min(tonumber(args[1]), current)
  local floor = tonumber(redis.call('GET', keys[2]) or '0')
  if through > floor then
    redis.call('SET', keys[2], through)
    drop_through(keys[3], through)
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

-- KEYS: version, floor, since. Returns {version, floor, since}; since is the version when no
-- change was logged in a store's stream yet (the next one will be).
local function bounds(keys, args)
  local version = tonumber(redis.call('GET', keys[1]) or '0')
  return { version, tonumber(redis.call('GET', keys[2]) or '0'),
    tonumber(redis.call('GET', keys[3]) or version) }
end

redis.register_function('knactor_commit', commit)
redis.register_function('knactor_trim', trim)
redis.register_function('knactor_pushdown_install', install)
redis.register_function('knactor_pushdown_remove', remove)

-- Test hook: KEYS none. ARGV: document, dotted path, value (JSON text); returns the document with
-- the field set as a pushed-down rule sets it, and the field's text read back.
local function splice(keys, args)
  local path = {}
  for segment in string.gmatch(args[2], '[^.]+') do
    path[#path + 1] = segment
  end
  local doc = set_field(args[1], skip_ws(args[1], 1), path, 1, args[3])
  return { doc, get_field(doc, path) or '' }
end
redis.register_function { function_name = 'knactor_splice', callback = splice, flags = { 'no-writes' } }
redis.register_function { function_name = 'knactor_list', callback = list, flags = { 'no-writes' } }
redis.register_function { function_name = 'knactor_bounds', callback = bounds, flags = { 'no-writes' } }

-- dropuser: drop participants of one room in one atomic step (CONTRACT §4).
-- Lookup, idempotency, marking, banning and publishing happen here together, so a request is either
-- applied whole or not at all, in one round trip whatever the number of clients.
-- The cleanup job runs the same script in retry mode to publish unconfirmed drops again (CONTRACT §8).
--
-- KEYS[1] live hash            KEYS[2] dropping hash          KEYS[3] bans sorted set
-- KEYS[4] room rate counter     KEYS[5] caller rate counter
-- KEYS[6] idempotency record (only when the request carries an Idempotency-Key)
--
-- ARGV[1] node heartbeat key prefix       ARGV[2] dropping mark (JSON, the same for every client)
-- ARGV[3] ban end, epoch ms (0: no ban)   ARGV[4] userRef kept when dropping everyone ("": nobody)
-- ARGV[5] idempotency fingerprint         ARGV[6] lifetime of the in-progress idempotency marker, ms
-- ARGV[7] signaling mode                  ARGV[8] deadline, epoch ms: past it the caller has given up
-- ARGV[9] retry: marks at or before this epoch ms are retried (0: a new drop, not a retry)
-- ARGV[10] retry: attempts after which a drop is given up   ARGV[11] now, epoch ms
-- ARGV[12] "cluster" on a Redis Cluster, else "single"
-- ARGV[13] requests allowed per window for the room, ARGV[14] for the caller (0: no limit), ARGV[15] window, ms
-- ARGV[16] n, the number of template parts
-- ARGV[17 .. 16+n] template parts         ARGV[17+n ..] client ids; none means everyone
--
-- On a Redis Cluster a script may only touch its own slot (the room's): node heartbeats are checked by the
-- caller after the script (every entry counts as published here), and SPUBLISH / XADD, whose channel and
-- stream live in other slots, are handed back to the caller to send right after the script.
--
-- In retry mode only clients whose dropping mark is old enough are touched: gone ones lose their mark
-- (n), ones past the attempt limit lose their mark (x), so do ones whose entry became unusable (i); the
-- others are published again with the mark's request id and cause and one more attempt; ARGV[2] is unused
-- and nothing is banned.
--
-- Returns {"applied", k, id, status, node, ... (k clients), argc, arg, ... (deferred commands)} with status
-- p (published), n (not found), g (ghost removed), i (invalid entry), x (given up), and node the entry's
-- node or ""; or {"replay", first answer}; or {"conflict"}; or {"busy"}; or {"limited", ms until the window ends};
-- or {"expired"} when the script runs after the caller's deadline (Redis was paused or overloaded):
-- the caller has already answered "registry unavailable", so nothing may change now.

local live, dropping, bans, roomRate, callerRate, idempotency = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
local nodePrefix, mark, banUntil, keepUser = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4]
local fingerprint, markerTtl, mode, deadline = ARGV[5], ARGV[6], ARGV[7], tonumber(ARGV[8])
local retryCutoff, maxAttempts, now = tonumber(ARGV[9]), tonumber(ARGV[10]), ARGV[11]
local cluster = ARGV[12] == 'cluster'
local roomLimit, callerLimit, window = tonumber(ARGV[13]), tonumber(ARGV[14]), tonumber(ARGV[15])
local partCount = tonumber(ARGV[16])
local T = {}
for i = 1, partCount do T[i] = ARGV[16 + i] end
local firstId = 17 + partCount

-- Commands whose target is outside the room's slot: sent here, or handed back on a cluster.
local deferred = {}
local function send(...)
  if cluster then
    local args = {...}
    deferred[#deferred + 1] = #args
    for _, arg in ipairs(args) do deferred[#deferred + 1] = arg end
  else
    redis.call(...)
  end
end

redis.replicate_commands()
local clock = redis.call('TIME')
if tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000) > deadline then
  return {'expired'}
end

-- A repeat of an earlier request (same Idempotency-Key or webhook-id) is answered from what that request
-- stored, before the rate limits: it is not a new request, so it is neither refused nor counted.
if idempotency then
  local seen = redis.call('GET', idempotency)
  if seen then
    local cut = string.find(seen, '\n', 1, true)
    if string.sub(seen, 1, cut - 1) ~= fingerprint then return {'conflict'} end
    local answer = string.sub(seen, cut + 1)
    if answer == '' then return {'busy'} end
    return {'replay', answer}
  end
end

-- Rate limits: fixed windows counted here, so they hold across every instance of the function. A refused
-- request counts for neither window, so one caller over its limit cannot use up the room's.
local function wait(counter, limit)
  if limit > 0 and (tonumber(redis.call('GET', counter)) or 0) >= limit then
    local left = redis.call('PTTL', counter)
    return left > 0 and left or window
  end
  return nil
end
local function count(counter, limit)
  if limit > 0 and redis.call('INCR', counter) == 1 then redis.call('PEXPIRE', counter, window) end
end
local limited = wait(callerRate, callerLimit) or wait(roomRate, roomLimit)
if limited then return {'limited', limited} end
count(roomRate, roomLimit)
count(callerRate, callerLimit)

if idempotency then
  redis.call('SET', idempotency, fingerprint .. '\n', 'PX', markerTtl)
end

-- Publishing, per signaling mode. T holds the mode's templates; holes are filled with encoded values.
local publish, flush, needsSid
if mode == 'socketio' then
  -- T: event channel prefix, suffix; event frame (3 parts: client id, socket id); request channel; request (2)
  needsSid = true
  publish = function(id, entry)
    redis.call('PUBLISH', T[1] .. entry.sid .. T[2],
      T[3] .. cmsgpack.pack(id) .. T[4] .. cmsgpack.pack(entry.sid) .. T[5])
    redis.call('PUBLISH', T[6], T[7] .. cjson.encode(entry.sid) .. T[8])
  end
  flush = function() end
elseif mode == 'socketio-sharded' then
  -- T: shard channel; broadcast envelope (3 parts: client id, socket id); disconnect envelope (2 parts)
  needsSid = true
  publish = function(id, entry)
    send('SPUBLISH', T[1], T[2] .. cmsgpack.pack(id) .. T[3] .. cmsgpack.pack(entry.sid) .. T[4])
    send('SPUBLISH', T[1], T[5] .. cjson.encode(entry.sid) .. T[6])
  end
  flush = function() end
elseif mode == 'socketio-streams' then
  -- T: stream; namespace; broadcast data (3 parts: client id, socket id); disconnect data (2 parts).
  -- The stream is capped like the adapter caps it itself (MAXLEN ~ 10000).
  needsSid = true
  publish = function(id, entry)
    send('XADD', T[1], 'MAXLEN', '~', '10000', '*', 'uid', 'emitter', 'nsp', T[2], 'type', '3',
      'data', T[3] .. cjson.encode(id) .. T[4] .. cjson.encode(entry.sid) .. T[5])
    send('XADD', T[1], 'MAXLEN', '~', '10000', '*', 'uid', 'emitter', 'nsp', T[2], 'type', '6',
      'data', T[6] .. cjson.encode(entry.sid) .. T[7])
  end
  flush = function() end
elseif mode == 'json' then
  -- T: channel prefix; message (2 parts: the JSON array of client ids). One message per node.
  needsSid = false
  local perNode, nodes = {}, {}
  publish = function(id, entry)
    local ids = perNode[entry.node]
    if not ids then
      ids = {}
      perNode[entry.node] = ids
      nodes[#nodes + 1] = entry.node
    end
    ids[#ids + 1] = id
  end
  flush = function()
    for _, node in ipairs(nodes) do
      redis.call('PUBLISH', T[1] .. node, T[2] .. cjson.encode(perNode[node]) .. T[3])
    end
  end
else
  return redis.error_reply('unknown signaling mode ' .. tostring(mode))
end

local alive = {}
local function nodeAlive(node)
  if cluster then return true end
  local known = alive[node]
  if known == nil then
    known = redis.call('EXISTS', nodePrefix .. node) == 1
    alive[node] = known
  end
  return known
end

local function usable(raw)
  local ok, entry = pcall(cjson.decode, raw)
  if not ok or type(entry) ~= 'table' or type(entry.node) ~= 'string' or entry.node == '' then return nil end
  if needsSid and (type(entry.sid) ~= 'string' or entry.sid == '') then return nil end
  return entry
end

-- Targets: {id, raw entry or false}, in request order (or the hash's order when dropping everyone).
local targets = {}
if #ARGV < firstId then
  local all = redis.call('HGETALL', live)
  for i = 1, #all, 2 do targets[#targets + 1] = {all[i], all[i + 1]} end
else
  local ids = {}
  for i = firstId, #ARGV do ids[#ids + 1] = ARGV[i] end
  local raws = redis.call('HMGET', live, unpack(ids))
  for i, id in ipairs(ids) do targets[#targets + 1] = {id, raws[i]} end
end

-- Retry mode: the mark to write for a client whose drop is due again, or the status that settles it.
local function retried(id, raw)
  local ok, prior = pcall(cjson.decode, redis.call('HGET', dropping, id) or 'null')
  if not ok or type(prior) ~= 'table' or type(prior.at) ~= 'number' or prior.at > retryCutoff then
    return nil, 'skip'
  end
  if not raw then
    redis.call('HDEL', dropping, id)
    return nil, 'n'
  end
  local attempts = tonumber(prior.attempts) or 1
  if attempts >= maxAttempts then
    redis.call('HDEL', dropping, id)
    return nil, 'x'
  end
  return '{"requestId":' .. cjson.encode(tostring(prior.requestId)) .. ',"cause":' .. tostring(prior.cause)
    .. ',"at":' .. now .. ',"attempts":' .. (attempts + 1) .. '}', nil
end

local clients = {}
for _, target in ipairs(targets) do
  local id, raw, status, node = target[1], target[2], nil, ''

  if retryCutoff > 0 then
    mark, status = retried(id, raw)
  end
  if status then
    if status == 'skip' then status = nil end
  elseif not raw then
    status = 'n'
  else
    local entry = usable(raw)
    if not entry then
      -- Nothing can be published for it, now or at a later retry: a retry's mark goes, not to come back forever.
      if retryCutoff > 0 then redis.call('HDEL', dropping, id) end
      status = 'i'
    elseif keepUser == '' or entry.userRef ~= keepUser then
      node = entry.node
      publish(id, entry)
      if banUntil > 0 and type(entry.userRef) == 'string' then
        redis.call('ZADD', bans, 'GT', banUntil, entry.userRef)
      end
      if nodeAlive(entry.node) then
        redis.call('HSET', dropping, id, mark)
        status = 'p'
      else
        redis.call('HDEL', live, id)
        redis.call('HDEL', dropping, id)
        status = 'g'
      end
    end
  end
  if status then
    clients[#clients + 1] = id
    clients[#clients + 1] = status
    clients[#clients + 1] = node
  end
end
flush()

local result = {'applied', #clients / 3}
for _, value in ipairs(clients) do result[#result + 1] = value end
for _, value in ipairs(deferred) do result[#result + 1] = value end
return result

-- dropuser: drop participants of one room in one atomic step (CONTRACT §4). Lookup, idempotency, rate limits,
-- marking, banning and publishing happen here together, so a request is applied whole or not at all, in one
-- round trip whatever the number of clients. lib.lua comes first; DropScriptArgs.java writes the arguments and
-- DropScriptReply.java reads the reply.
--
-- KEYS: live hash, dropping hash, bans sorted set, room rate counter, caller rate counter, and the idempotency
-- record when the request carries a key.
-- ARGV[1] (JSON): nodePrefix, mode, cluster, deadline, now, requestId, cause, reason, by, banUntil, keepUser,
-- fingerprint, answerTtl, roomLimit, callerLimit, window, parts. Then the parts, then the client ids (none: everyone).
--
-- On a Redis Cluster a script may only touch its own slot (the room's): node heartbeats are checked by the caller
-- after the script (every entry counts as published here), and SPUBLISH / XADD, whose channel and stream live in
-- other slots, are handed back to the caller to send right after the script.
--
-- Returns {"applied", {id, status, node, ...}, {deferred commands}} with status a ClientStatus wire word and node
-- the entry's node or ""; or {"replay", stored answer}; {"conflict"}; {"limited", ms until the window ends}; or
-- {"expired"} when the script runs after the caller's deadline. With an idempotency key, the answer is stored
-- here, in the same step as the drop (lib.lua's encode_answer), and the confirmation updates it later.

local live, dropping, bans, roomRate, callerRate, idempotency = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
local args, T, ids = read_args()

redis.replicate_commands()
if past(args.deadline) then return {'expired'} end

-- Rate limits: fixed windows counted here, so they hold across every instance of the function. The caller's
-- window counts every request, repeats too (CONTRACT §12); the room's counts new requests, and only moderators
-- have one (the order says 0 otherwise). A refused request counts for neither window, so one caller over its
-- limit cannot use up the room's.
local function wait(counter, limit)
  if limit > 0 and (tonumber(redis.call('GET', counter)) or 0) >= limit then
    local left = redis.call('PTTL', counter)
    return left > 0 and left or args.window
  end
  return nil
end
local function count(counter, limit)
  if limit > 0 and redis.call('INCR', counter) == 1 then redis.call('PEXPIRE', counter, args.window) end
end
local limited = wait(callerRate, args.callerLimit)
if limited then return {'limited', limited} end

-- A repeat of an earlier request (same Idempotency-Key or webhook-id) is answered from what that request
-- stored when it ran (below), so a repeat after a lost reply never publishes twice.
if idempotency then
  local seen = redis.call('GET', idempotency)
  if seen then
    count(callerRate, args.callerLimit)
    local cut = string.find(seen, '\n', 1, true)
    if string.sub(seen, 1, cut - 1) ~= args.fingerprint then return {'conflict'} end
    return {'replay', string.sub(seen, cut + 1)}
  end
end

limited = wait(roomRate, args.roomLimit)
if limited then return {'limited', limited} end
count(roomRate, args.roomLimit)
count(callerRate, args.callerLimit)

local deferred = {}
local publish, flush = publisher(args.mode, T, sender(args.cluster, deferred))
local needsSid = args.mode ~= 'json'
local nodeAlive = args.cluster and function() return true end or heartbeat_check(args.nodePrefix)
local mark = encode_mark({requestId = args.requestId, cause = args.cause, at = args.now, attempts = 1,
  reason = args.reason, by = args.by})

-- Targets: {id, raw entry or false}, in request order (or the hash's order when dropping everyone).
local targets = {}
if #ids == 0 then
  local all = redis.call('HGETALL', live)
  for i = 1, #all, 2 do targets[#targets + 1] = {all[i], all[i + 1]} end
else
  local raws = redis.call('HMGET', live, unpack(ids))
  for i, id in ipairs(ids) do targets[#targets + 1] = {id, raws[i]} end
end

local clients = {}
for _, target in ipairs(targets) do
  local id, raw, status, node = target[1], target[2], nil, ''
  local entry = usable_entry(raw, needsSid)
  if not raw then
    status = 'not-found'
  elseif not entry then
    status = 'invalid-entry'
  elseif args.keepUser == '' or entry.userRef ~= args.keepUser then
    node = entry.node
    publish(id, entry)
    if args.banUntil > 0 and type(entry.userRef) == 'string' then
      redis.call('ZADD', bans, 'GT', args.banUntil, entry.userRef)
    end
    if nodeAlive(entry.node) then
      redis.call('HSET', dropping, id, mark)
      status = 'pending'
    else
      redis.call('HDEL', live, id)
      redis.call('HDEL', dropping, id)
      status = 'ghost-removed'
    end
  end
  if status then
    clients[#clients + 1] = id
    clients[#clients + 1] = status
    clients[#clients + 1] = node
  end
end
flush()

if idempotency then
  redis.call('SET', idempotency, args.fingerprint .. '\n' .. encode_answer(args.requestId, clients, ids), 'PX', args.answerTtl)
end

return {'applied', clients, deferred}

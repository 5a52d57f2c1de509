-- dropuser: drop participants of one room in one atomic step (CONTRACT §4). Lookup, idempotency, rate limits,
-- marking, banning and publishing happen here together, so a request is applied whole or not at all, in one
-- round trip whatever the number of clients. lib.lua comes first; DropScriptArgs.java writes the arguments and
-- DropScriptReply.java reads the reply.
--
-- KEYS: live hash, dropping hash, bans sorted set, room rate counter, caller rate counter, audit stream, users index
-- hash, and the idempotency record when the request carries a key.
-- ARGV[1] (JSON): nodePrefix, mode, cluster, deadline, now, requestId, cause, reason, by, banUntil, keepUser,
-- fingerprint, answerTtl, roomLimit, callerLimit, window, everyone, userRefs, mayBanModerators, trigger, audit,
-- banSeconds, auditMinId, parts. Then the parts, then the client ids.
--
-- On a Redis Cluster a script may only touch its own slot (the room's): node heartbeats are checked by the caller
-- after the script (every entry counts as published here), and SPUBLISH / XADD, whose channel and stream live in
-- other slots, are handed back to the caller to send right after the script.
--
-- Returns {"applied", {id, "pending", node, ...}, {deferred commands}, report items JSON}, the middle list only on a
-- Redis Cluster (the published clients, whose nodes' heartbeats the caller asks after the script; the report items
-- say everything else, so nothing is sent twice); or {"replay", stored answer}; {"conflict"}; {"limited", ms until the
-- window ends}; or {"expired"} when the script runs after the caller's deadline. With an idempotency key, the
-- answer is stored here, in the same step as the drop (lib.lua's answer_keeper), and the confirmation updates it.

local live, dropping, bans, roomRate, callerRate, auditStream, users, idempotency =
  KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7], KEYS[8]
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

-- Targets: {id, raw entry or false, named}, each client once: everyone, or the listed ids (named: the caller's
-- keep rule does not apply to a client it names), then the live entries of the listed users (CONTRACT §11.1).
-- (The request's ids are distinct already: only listed users' sessions can repeat one.)
local targets, seen = {}, #args.userRefs > 0 and {} or nil
local function target(id, raw, named)
  if seen then
    if seen[id] then return end
    seen[id] = true
  end
  targets[#targets + 1] = {id, raw, named}
end
if args.everyone then
  local all = redis.call('HGETALL', live)
  for i = 1, #all, 2 do target(all[i], all[i + 1], false) end
elseif #ids > 0 then
  local raws = redis.call('HMGET', live, unpack(ids))
  for i, id in ipairs(ids) do target(id, raws[i], true) end
end

-- The listed users, but the caller's own: a moderator listing itself drops nothing of its own (not-found).
local listed, sought = {}, {}
for _, userRef in ipairs(args.userRefs) do
  listed[userRef] = true
  if userRef ~= args.keepUser then sought[#sought + 1] = userRef end
end
if #sought > 0 and not args.everyone then
  if redis.call('EXISTS', users) == 1 then
    -- The signaling tier's index (userRef -> JSON array of client ids) names the candidates; each is checked
    -- against its live entry, so a stale index entry is ignored.
    local lists = redis.call('HMGET', users, unpack(sought))
    for i, userRef in ipairs(sought) do
      local ok, clientIds = pcall(cjson.decode, lists[i] or '[]')
      if ok and type(clientIds) == 'table' and #clientIds > 0 then
        local raws = redis.call('HMGET', live, unpack(clientIds))
        for j, id in ipairs(clientIds) do
          local entry = usable_entry(raws[j], false)
          if entry and entry.userRef == userRef then target(id, raws[j], false) end
        end
      end
    end
  else
    -- A tier without the index: scan the room, decoding only entries whose userRef text is a listed one.
    -- Found entries are taken user by user, in the request's order.
    local byUser = {}
    for _, userRef in ipairs(sought) do byUser[userRef] = {} end
    local all = redis.call('HGETALL', live)
    for i = 1, #all, 2 do
      local userRef = string.match(all[i + 1], '"userRef"%s*:%s*"([^"\\]*)"')
      local bucket = userRef and byUser[userRef]
      if bucket then
        local entry = usable_entry(all[i + 1], false)
        if entry and entry.userRef == userRef then
          bucket[#bucket + 1] = all[i]
          bucket[#bucket + 1] = all[i + 1]
        end
      end
    end
    for _, userRef in ipairs(sought) do
      local bucket = byUser[userRef]
      for i = 1, #bucket, 2 do target(bucket[i], bucket[i + 1], false) end
    end
  end
end

-- First pass: the entries, who is kept, which listed users were found, and (only for a ban) the roles each
-- user has in the room, for who may ban whom.
local roles, found = {}, {}
local banning, listing = args.banUntil > 0, #args.userRefs > 0
for _, t in ipairs(targets) do
  local entry = usable_entry(t[2], needsSid)
  t[4] = entry
  if entry and not t[3] and args.keepUser ~= '' and entry.userRef == args.keepUser then t[5] = true end
  if entry and not t[5] and type(entry.userRef) == 'string' then
    if banning then
      local r = roles[entry.userRef] or {}
      r[tostring(entry.role)] = true
      roles[entry.userRef] = r
    end
    if listing then found[entry.userRef] = true end
  end
end

-- Bans: every dropped client's user, and every listed user without a live entry (banned ahead), except the caller
-- and, for a moderator, users who are moderators here.
local banned = {}
if banning then
  for userRef, r in pairs(roles) do
    if userRef ~= args.keepUser and may_ban(args.mayBanModerators, r) then banned[userRef] = true end
  end
  for _, userRef in ipairs(sought) do
    if not found[userRef] then banned[userRef] = true end
  end
  for userRef in pairs(banned) do ban_user(bans, userRef, args.banUntil) end
  settle_bans(bans, args.now)
end

local clients, items = {}, {}
local keep, encodeAnswer = answer_keeper(ids)
for _, t in ipairs(targets) do
  local id, raw, entry, status, node = t[1], t[2], t[4], nil, ''
  local userRef = entry and type(entry.userRef) == 'string' and entry.userRef or nil
  if not raw then
    status = 'not-found'
  elseif not entry then
    status = 'invalid-entry'
  elseif not t[5] then
    node = entry.node
    publish(id, entry)
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
    if args.cluster and status == 'pending' then
      clients[#clients + 1] = id
      clients[#clients + 1] = status
      clients[#clients + 1] = node
    end
    local banUntil = node ~= '' and userRef and banned[userRef] and args.banUntil or nil
    local shown = userRef and (banUntil or listing and listed[userRef]) and userRef or nil
    items[#items + 1] = item_json(id, shown, status, banUntil)
    keep(items[#items], id, status, not shown and not banUntil)
  end
end
for _, userRef in ipairs(args.userRefs) do
  if not found[userRef] then
    items[#items + 1] = item_json(nil, userRef, 'not-found', banned[userRef] and args.banUntil or nil)
    keep(items[#items], nil, 'not-found', false)
  end
end
flush()

local report = '[' .. table.concat(items, ',') .. ']'
if args.audit then
  audit(auditStream, args.auditMinId, args.requestId, args.now, args.by, args.trigger, args.cause, args.reason,
    args.banSeconds, report)
end
if idempotency then
  redis.call('SET', idempotency, args.fingerprint .. '\n' .. encodeAnswer(args.requestId), 'PX', args.answerTtl)
end

return {'applied', clients, deferred, report}

-- dropuser: the rules every registry script shares. LuaScript puts this file in front of each script, so a rule
-- about the registry's data (CONTRACT §4) is written once, here.

-- A live entry dropuser can act on: JSON naming its signaling node, and its socket id where the signaling mode
-- addresses sockets. Anything else is left for its node to repair.
local function usable_entry(raw, needsSid)
  if not raw then return nil end
  local ok, entry = pcall(cjson.decode, raw)
  if not ok or type(entry) ~= 'table' or type(entry.node) ~= 'string' or entry.node == '' then return nil end
  if needsSid and (type(entry.sid) ~= 'string' or entry.sid == '') then return nil end
  return entry
end

-- A signaling node is alive while its heartbeat key exists. Asked once per node and script. On a Redis Cluster
-- the heartbeat keys live in other slots than the room's: Heartbeats.java asks the same question there.
local function heartbeat_check(nodePrefix)
  local known = {}
  return function(node)
    local alive = known[node]
    if alive == nil then
      alive = redis.call('EXISTS', nodePrefix .. node) == 1
      known[node] = alive
    end
    return alive
  end
end

-- The dropping mark (CONTRACT §4): {"requestId","cause","at","attempts"}, plus "reason" and "by", so that a retry
-- publishes exactly what the first attempt did (CONTRACT §12). Written only here; DroppingMark.java reads it.
local function encode_mark(mark)
  return cjson.encode(mark)
end

local function decode_mark(raw)
  if not raw then return nil end
  local ok, mark = pcall(cjson.decode, raw)
  if not ok or type(mark) ~= 'table' or type(mark.at) ~= 'number' or type(mark.requestId) ~= 'string' then return nil end
  return mark
end

-- An idempotent request's answer, as its record stores it after the fingerprint (CONTRACT §12: compact):
-- {"requestId": "...", "items": [...]}, one item per report item in answer order. A plain item (a client id and a
-- status, nothing else) for the client the request named at that place is stored as its status word alone: the
-- fingerprint pins the request's ids, so a made-up id costs at most 16 bytes. Any other item is stored whole, as
-- item_json wrote it. Returns add(itemJson, clientId, status, plain) and encode(requestId). StoredAnswer.java
-- reads this; remember.lua changes statuses in place.
local function answer_keeper(pinned)
  local parts, next = {}, 1
  local function add(itemJson, clientId, status, plain)
    if plain and clientId ~= nil and clientId == pinned[next] then
      parts[#parts + 1] = '"' .. status .. '"'
      next = next + 1
    else
      parts[#parts + 1] = itemJson
    end
  end
  local function encode(requestId)
    return '{"requestId":' .. cjson.encode(requestId) .. ',"items":[' .. table.concat(parts, ',') .. ']}'
  end
  return add, encode
end

-- Publishing, per signaling mode (CONTRACT §6). T holds the mode's parts, encoded once in Java (SignalTemplates):
-- constant channels and envelopes, and messages with holes that are filled here with per-client values. `send`
-- runs a command now, or hands it back to the caller on a cluster. Returns publish(id, entry), flush().
local function publisher(mode, T, send)
  if mode == 'socketio' then
    -- T: event channel prefix, suffix; event frame (3 parts: client id, socket id); request channel; request (2)
    return function(id, entry)
      redis.call('PUBLISH', T[1] .. entry.sid .. T[2],
        T[3] .. cmsgpack.pack(id) .. T[4] .. cmsgpack.pack(entry.sid) .. T[5])
      redis.call('PUBLISH', T[6], T[7] .. cjson.encode(entry.sid) .. T[8])
    end, function() end
  elseif mode == 'socketio-sharded' then
    -- T: shard channel; broadcast envelope (3 parts: client id, socket id); disconnect envelope (2 parts)
    return function(id, entry)
      send('SPUBLISH', T[1], T[2] .. cmsgpack.pack(id) .. T[3] .. cmsgpack.pack(entry.sid) .. T[4])
      send('SPUBLISH', T[1], T[5] .. cjson.encode(entry.sid) .. T[6])
    end, function() end
  elseif mode == 'socketio-streams' then
    -- T: stream; the broadcast's XADD arguments up to its data (MAXLEN ~ cap * uid emitter nsp <nsp> type 3 data:
    -- 11 parts); broadcast data (3 parts: client id, socket id); the disconnect's XADD arguments (11 parts, type 6);
    -- disconnect data (2 parts).
    local function xadd(first, last, data)
      local args = {unpack(T, first, last)}
      args[#args + 1] = data
      send('XADD', T[1], unpack(args))
    end
    return function(id, entry)
      xadd(2, 12, T[13] .. cjson.encode(id) .. T[14] .. cjson.encode(entry.sid) .. T[15])
      xadd(16, 26, T[27] .. cjson.encode(entry.sid) .. T[28])
    end, function() end
  elseif mode == 'json' then
    -- T: channel prefix; message (2 parts: the JSON array of client ids). One message per node.
    local perNode, nodes = {}, {}
    return function(id, entry)
      local ids = perNode[entry.node]
      if not ids then
        ids = {}
        perNode[entry.node] = ids
        nodes[#nodes + 1] = entry.node
      end
      ids[#ids + 1] = id
    end, function()
      for _, node in ipairs(nodes) do
        redis.call('PUBLISH', T[1] .. node, T[2] .. cjson.encode(perNode[node]) .. T[3])
      end
    end
  end
  error('unknown signaling mode ' .. tostring(mode))
end

-- Commands whose target is outside the room's slot run now on a single Redis; on a cluster they are handed back
-- (as argc, args...) for the caller to send right after the script.
local function sender(cluster, deferred)
  if not cluster then return redis.call end
  return function(...)
    local args = {...}
    deferred[#deferred + 1] = #args
    for _, arg in ipairs(args) do deferred[#deferred + 1] = arg end
  end
end

-- The script's arguments: ARGV[1] is a JSON object of named settings (ScriptArgs.java), ARGV[2 .. 1+parts] the
-- signaling mode's parts, and the rest the client ids.
local function read_args()
  local args = cjson.decode(ARGV[1])
  local T = {}
  for i = 1, args.parts do T[i] = ARGV[1 + i] end
  local ids = {}
  for i = 2 + args.parts, #ARGV do ids[#ids + 1] = ARGV[i] end
  return args, T, ids
end

-- True when the script runs after the caller's deadline (Redis was paused or overloaded): the caller has
-- already answered "registry unavailable", so nothing may change now.
local function past(deadline)
  local clock = redis.call('TIME')
  return tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000) > deadline
end

-- Bans (CONTRACT §11.2, §11.3): a sorted set of userRef, score = ban end in epoch ms. Every script that touches the
-- set calls settle_bans after its changes: expired members go, and the set expires with its latest ban, so a room's
-- bans never outlive their last ban.
local function ban_user(bans, userRef, untilMs)
  redis.call('ZADD', bans, 'GT', untilMs, userRef)
end

local function settle_bans(bans, now)
  redis.call('ZREMRANGEBYSCORE', bans, '-inf', now)
  local last = redis.call('ZRANGE', bans, -1, -1, 'WITHSCORES')
  if last[2] then redis.call('PEXPIREAT', bans, last[2]) end
end

-- Who may ban whom: a moderator's ban never bans a user who is a moderator in the room (that user is dropped,
-- not banned); a service token, a webhook and the cleanup ban anyone. `roles` holds the roles of the user's live
-- entries the script saw.
local function may_ban(mayBanModerators, roles)
  return mayBanModerators or not roles.moderator
end

-- A report item as JSON, fields in the contract's order (CONTRACT §11.1): clientId (absent for a listed user
-- without a live entry), userRef (when the request named the user, or banned it), status, banUntil (when banned).
-- (Written by hand rather than with cjson: this runs for every client of every drop, and ids that need no
-- escaping, the usual case, are quoted as they are.)
local function json_string(text)
  if string.find(text, '[^%w_.:-]') then return cjson.encode(text) end
  return '"' .. text .. '"'
end

local function item_json(clientId, userRef, status, banUntil)
  local json = '{'
  if clientId then json = json .. '"clientId":' .. json_string(clientId) .. ',' end
  if userRef then json = json .. '"userRef":' .. json_string(userRef) .. ',' end
  json = json .. '"status":"' .. status .. '"'
  if banUntil then json = json .. ',"banUntil":' .. string.format('%.0f', banUntil) end
  return json .. '}'
end

-- The audit trail (CONTRACT §11.4): one stream entry per processed drop and lifted ban, appended by the script that
-- made the change. Entries older than minId (epoch ms, now - retention) are trimmed, approximately (MINID ~).
-- clients: the JSON array of the report items; cause nil for a lifted ban. (Numbers go to Redis as they are:
-- integers below 2^53 are written with all their digits. No table is built: this runs on every drop.)
local function audit(stream, minId, requestId, at, by, trigger, cause, reason, banSeconds, clients)
  if cause then
    redis.call('XADD', stream, 'MINID', '~', minId, '*', 'requestId', requestId, 'at', at, 'by', by,
      'trigger', trigger, 'cause', cause, 'reason', reason or '', 'banSeconds', banSeconds, 'clients', clients)
  else
    redis.call('XADD', stream, 'MINID', '~', minId, '*', 'requestId', requestId, 'at', at, 'by', by,
      'trigger', trigger, 'reason', reason or '', 'banSeconds', banSeconds, 'clients', clients)
  end
end

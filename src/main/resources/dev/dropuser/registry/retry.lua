-- dropuser: publish one request's unconfirmed drops again (CONTRACT §8, step 2), in one atomic step. lib.lua
-- comes first; RetryScriptArgs.java writes the arguments and DropScriptReply.java reads the reply.
--
-- KEYS: live hash, dropping hash, audit stream.
-- ARGV[1] (JSON): nodePrefix, mode, cluster, deadline, now, requestId, cutoff, maxAttempts, cause, reason, by, trigger,
-- auditMinId, parts. Then the parts
-- (built from the mark's requestId, cause, reason and by, so the payload is the first attempt's), then client ids.
--
-- Only clients whose mark belongs to this request and is at or before the cutoff are touched: another run, or a
-- newer drop of the same client, has taken care of the others. A client that left loses its mark (gone), so does
-- one past the attempt limit (given-up) and one whose entry became unusable (unusable); the others are published
-- again with one more attempt (republished), or, their node being dead, removed (ghost-removed). Nothing is banned.
-- A run that settled any client appends one audit entry (trigger retry), its items {clientId, status: the outcome}.
--
-- Returns {"applied", {id, outcome, node, ...}, {deferred commands}} like drop.lua, or {"expired"}.

local live, dropping, auditStream = KEYS[1], KEYS[2], KEYS[3]
local args, T, ids = read_args()

redis.replicate_commands()
if past(args.deadline) then return {'expired'} end

local deferred = {}
local publish, flush = publisher(args.mode, T, sender(args.cluster, deferred))
local needsSid = args.mode ~= 'json'
local nodeAlive = args.cluster and function() return true end or heartbeat_check(args.nodePrefix)

local clients, items = {}, {}
for _, id in ipairs(ids) do
  local mark, outcome, node = decode_mark(redis.call('HGET', dropping, id)), nil, ''
  if mark and mark.requestId == args.requestId and mark.at <= args.cutoff then
    local raw = redis.call('HGET', live, id)
    local entry = usable_entry(raw, needsSid)
    local attempts = tonumber(mark.attempts) or 1
    if not raw then
      outcome = 'gone'
    elseif attempts >= args.maxAttempts then
      outcome = 'given-up'
    elseif not entry then
      outcome = 'unusable'
    else
      node = entry.node
      publish(id, entry)
      if nodeAlive(entry.node) then
        mark.at, mark.attempts = args.now, attempts + 1
        redis.call('HSET', dropping, id, encode_mark(mark))
        outcome = 'republished'
      else
        redis.call('HDEL', live, id)
        outcome = 'ghost-removed'
      end
    end
    if outcome ~= 'republished' then redis.call('HDEL', dropping, id) end
    clients[#clients + 1] = id
    clients[#clients + 1] = outcome
    clients[#clients + 1] = node
    items[#items + 1] = item_json(id, nil, outcome, nil)
  end
end
flush()

if #items > 0 then
  audit(auditStream, args.auditMinId, args.requestId, args.now, args.by, args.trigger, args.cause, args.reason, 0,
    '[' .. table.concat(items, ',') .. ']')
end

return {'applied', clients, deferred}

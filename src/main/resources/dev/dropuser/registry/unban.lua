-- dropuser: lift one user's ban in a room (CONTRACT §11.3), with its audit entry, in one atomic step. lib.lua first.
-- KEYS: bans sorted set, audit stream.
-- ARGV[1] (JSON): now, userRef, requestId, by, auditMinId.
-- Returns 1 when a ban in force was lifted (and audited), 0 when there was none (nothing changed but the pruning).
local bans, auditStream = KEYS[1], KEYS[2]
local args = cjson.decode(ARGV[1])

redis.replicate_commands()
local untilMs = tonumber(redis.call('ZSCORE', bans, args.userRef))
local lifted = untilMs ~= nil and untilMs > args.now
if lifted then redis.call('ZREM', bans, args.userRef) end
settle_bans(bans, args.now)
if not lifted then return 0 end

audit(auditStream, args.auditMinId, args.requestId, args.now, args.by, 'unban', nil, '', 0,
  '[' .. item_json(nil, args.userRef, 'lifted', nil) .. ']')
return 1

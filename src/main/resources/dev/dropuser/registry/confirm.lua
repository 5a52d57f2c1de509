-- dropuser: which clients of one drop request are gone, and clear their dropping marks.
-- KEYS[1] live hash, KEYS[2] dropping hash; ARGV[1] the request id, ARGV[2] how many ids follow that were acked
-- (CONTRACT §13), then those ids, then the ids to look up. Returns the ids gone.
local requestId, ackedCount = ARGV[1], tonumber(ARGV[2])
local gone = {}
for i = 3, #ARGV do
  local id = ARGV[i]
  if i < 3 + ackedCount then
    -- Its node removed the entry and acked in one script: gone, even if the client has joined again since. Only
    -- this request's mark goes: a newer request may have marked the client again.
    local mark = decode_mark(redis.call('HGET', KEYS[2], id))
    if mark and mark.requestId == requestId then
      redis.call('HDEL', KEYS[2], id)
    end
    gone[#gone + 1] = id
  elseif redis.call('HEXISTS', KEYS[1], id) == 0 then
    redis.call('HDEL', KEYS[2], id)
    gone[#gone + 1] = id
  end
end
return gone

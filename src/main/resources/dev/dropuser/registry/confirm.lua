-- dropuser: which of the given clients have left the room, and clear their dropping marks.
-- KEYS[1] live hash, KEYS[2] dropping hash; ARGV client ids. Returns the ids without a live entry.
local gone = {}
for _, id in ipairs(ARGV) do
  if redis.call('HEXISTS', KEYS[1], id) == 0 then
    redis.call('HDEL', KEYS[2], id)
    gone[#gone + 1] = id
  end
end
return gone

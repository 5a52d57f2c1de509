-- dropuser: remove a room's live entries whose signaling node has no heartbeat (CONTRACT §8, step 3).
-- The node that owned them is gone, so nobody else will ever remove them.
-- KEYS[1] live hash, KEYS[2] dropping hash; ARGV[1] node heartbeat key prefix. Returns how many were removed.
local alive, removed = {}, 0
local all = redis.call('HGETALL', KEYS[1])
for i = 1, #all, 2 do
  local ok, entry = pcall(cjson.decode, all[i + 1])
  if ok and type(entry) == 'table' and type(entry.node) == 'string' and entry.node ~= '' then
    local known = alive[entry.node]
    if known == nil then
      known = redis.call('EXISTS', ARGV[1] .. entry.node) == 1
      alive[entry.node] = known
    end
    if not known then
      redis.call('HDEL', KEYS[1], all[i])
      redis.call('HDEL', KEYS[2], all[i])
      removed = removed + 1
    end
  end
end
return removed

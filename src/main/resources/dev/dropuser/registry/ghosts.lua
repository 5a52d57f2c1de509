-- dropuser: remove a room's live entries whose signaling node has no heartbeat (CONTRACT §8, step 3, and
-- the ghost case of a drop on a Redis Cluster). The node that owned them is gone, so nobody else will.
-- KEYS[1] live hash, KEYS[2] dropping hash
-- ARGV[1] node heartbeat key prefix; ARGV[2 ..] the dead nodes, when the caller checked the heartbeats
-- itself (on a Redis Cluster, where they live in other slots); none: this script checks them.
-- Returns the client ids whose entries were removed.
local given = #ARGV > 1
local alive = {}
if given then
  for i = 2, #ARGV do alive[ARGV[i]] = false end
end
local function nodeAlive(node)
  local known = alive[node]
  if known == nil then
    known = given or redis.call('EXISTS', ARGV[1] .. node) == 1
    alive[node] = known
  end
  return known
end

local removed = {}
local all = redis.call('HGETALL', KEYS[1])
for i = 1, #all, 2 do
  local ok, entry = pcall(cjson.decode, all[i + 1])
  if ok and type(entry) == 'table' and type(entry.node) == 'string' and entry.node ~= '' and not nodeAlive(entry.node) then
    redis.call('HDEL', KEYS[1], all[i])
    redis.call('HDEL', KEYS[2], all[i])
    removed[#removed + 1] = all[i]
  end
end
return removed

-- dropuser: remove a room's live entries whose signaling node has no heartbeat (CONTRACT §8, step 3, and the
-- ghost case of a drop on a Redis Cluster). The node that owned them is gone, so nobody else will. lib.lua first.
-- KEYS[1] live hash, KEYS[2] dropping hash
-- ARGV[1] node heartbeat key prefix; ARGV[2 ..] the dead nodes, when the caller checked the heartbeats itself (on
-- a Redis Cluster, where they live in other slots); none: this script checks them.
-- Returns the client ids whose entries were removed.
local nodeAlive
if #ARGV > 1 then
  local dead = {}
  for i = 2, #ARGV do dead[ARGV[i]] = true end
  nodeAlive = function(node) return not dead[node] end
else
  nodeAlive = heartbeat_check(ARGV[1])
end

local removed = {}
local all = redis.call('HGETALL', KEYS[1])
for i = 1, #all, 2 do
  local entry = usable_entry(all[i + 1], false)
  if entry and not nodeAlive(entry.node) then
    redis.call('HDEL', KEYS[1], all[i])
    redis.call('HDEL', KEYS[2], all[i])
    removed[#removed + 1] = all[i]
  end
end
return removed

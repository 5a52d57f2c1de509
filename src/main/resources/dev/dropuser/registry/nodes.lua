-- dropuser: the signaling nodes named by a room's usable live entries, each once (for a Redis Cluster, where the
-- caller asks their heartbeats in their own slots). lib.lua first. KEYS[1] live hash. Returns the node ids.
local seen, nodes = {}, {}
local all = redis.call('HGETALL', KEYS[1])
for i = 2, #all, 2 do
  local entry = usable_entry(all[i], false)
  if entry and not seen[entry.node] then
    seen[entry.node] = true
    nodes[#nodes + 1] = entry.node
  end
end
return nodes

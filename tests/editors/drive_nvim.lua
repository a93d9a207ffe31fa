-- Drives a real Neovim (headless) with the configuration docs/editors.md documents:
-- load it unchanged, open a broken spec YAML and wait for its diagnostics, run
-- :NwbValidate on an .nwb file and wait for the quickfix list, then write what
-- happened (and every notification and message Neovim showed) as JSON.
-- Arguments come from the environment: NWB_CONFIG, NWB_SPEC, NWB_FILE, NWB_OUT.
local config, spec, nwb, out = os.getenv("NWB_CONFIG"), os.getenv("NWB_SPEC"),
  os.getenv("NWB_FILE"), os.getenv("NWB_OUT")
local result = { diagnostics = {}, quickfix = {}, notifications = {}, error = nil }

-- What the configuration tells the user goes through vim.notify: recorded here.
-- Neovim's own warnings (vim.deprecate) land in :messages, recorded at the end.
local notify = vim.notify
vim.notify = function(msg, level, opts)
  table.insert(result.notifications, { message = msg, level = level or vim.log.levels.INFO })
  return notify(msg, level, opts)
end

local function finish()
  result.messages = vim.api.nvim_exec2("messages", { output = true }).output
  local fh = assert(io.open(out, "w"))
  fh:write(vim.json.encode(result))
  fh:close()
  vim.cmd("qall!")
end

dofile(config)
vim.cmd.edit(spec)
local buf = vim.api.nvim_get_current_buf()

if not vim.wait(60000, function() return #vim.diagnostic.get(buf) > 0 end, 100) then
  result.error = "no diagnostics within 60 s"
  return finish()
end
for _, d in ipairs(vim.diagnostic.get(buf)) do
  table.insert(result.diagnostics, { lnum = d.lnum, col = d.col, code = d.code,
    message = d.message })
end

vim.cmd("NwbValidate " .. vim.fn.fnameescape(nwb))
local title = function() return vim.fn.getqflist({ title = 0 }).title end
if not vim.wait(60000, function() return title():find("nwb-lsp", 1, true) ~= nil end, 100) then
  result.error = "no quickfix list within 60 s"
  return finish()
end
result.quickfix_title = title()
for _, item in ipairs(vim.fn.getqflist()) do
  table.insert(result.quickfix, item.text)
end
finish()

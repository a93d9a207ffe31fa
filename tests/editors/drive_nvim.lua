-- Drives a real Neovim (headless) against nwb-lsp: open a broken spec YAML, wait for
-- its diagnostics, run nwb.validate on an .nwb file, and write what happened as JSON.
-- Arguments come from the environment: NWB_PYTHON, NWB_SPEC, NWB_FILE, NWB_OUT.
local python, spec, nwb, out = os.getenv("NWB_PYTHON"), os.getenv("NWB_SPEC"),
  os.getenv("NWB_FILE"), os.getenv("NWB_OUT")
local result = { diagnostics = {}, validate = nil, error = nil }

local function finish()
  local fh = assert(io.open(out, "w"))
  fh:write(vim.json.encode(result))
  fh:close()
  vim.cmd("qall!")
end

vim.lsp.config("nwb", {
  cmd = { python, "-m", "nwb_lsp", "serve" },
  filetypes = { "yaml" },
  root_dir = vim.fs.dirname(spec),
})
vim.lsp.enable("nwb")
vim.cmd.edit(spec)
local buf = vim.api.nvim_get_current_buf()

local got = vim.wait(60000, function() return #vim.diagnostic.get(buf) > 0 end, 100)
if not got then
  result.error = "no diagnostics within 60 s"
  return finish()
end
for _, d in ipairs(vim.diagnostic.get(buf)) do
  table.insert(result.diagnostics, { lnum = d.lnum, col = d.col, code = d.code,
    message = d.message })
end

local client = vim.lsp.get_clients({ bufnr = buf, name = "nwb" })[1]
local response = client:request_sync("workspace/executeCommand", {
  command = "nwb.validate", arguments = { vim.uri_from_fname(nwb) } }, 60000, buf)
if response and response.result then
  result.validate = response.result
else
  result.error = vim.inspect(response)
end
finish()

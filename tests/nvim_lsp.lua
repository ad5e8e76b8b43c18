-- Driven by tests/test_lsp_neovim.py: headless Neovim (0.7 or later) with its built-in LSP client
-- against `cscheck server`, doing what a user does. Reads CSCHECK_* variables, writes what it
-- saw as JSON to CSCHECK_OUT, then quits. Every step waits with a deadline; a step that times
-- out records nothing and the test says which.
local python = os.getenv("CSCHECK_PYTHON")
local root = os.getenv("CSCHECK_ROOT")
local note = os.getenv("CSCHECK_NOTE")
local other = os.getenv("CSCHECK_OTHER")
local out = os.getenv("CSCHECK_OUT")
local WAIT = 30000
local result = { steps = {} }

local function step(name) table.insert(result.steps, name) end

local function finish()
  vim.fn.writefile({ vim.fn.json_encode(result) }, out)
  vim.cmd("qa!")
end

local ok, err = pcall(function()
  local client_id = vim.lsp.start_client({
    name = "cscheck",
    cmd = { python, "-m", "checker", "server", "--stdio" },
    root_dir = root,
    init_options = { debounceMs = 50 },
  })
  vim.cmd("edit " .. vim.fn.fnameescape(note))
  local buffer = vim.api.nvim_get_current_buf()
  vim.lsp.buf_attach_client(buffer, client_id)

  -- 1. the findings of the note
  vim.wait(WAIT, function() return #vim.diagnostic.get(buffer) > 0 end, 50)
  result.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(buffer)) do
    local lsp_diagnostic = d.user_data and d.user_data.lsp or {}
    table.insert(result.diagnostics, {
      line = d.lnum, col = d.col, message = d.message, code = d.code or lsp_diagnostic.code, source = d.source,
    })
  end
  step("diagnostics")

  -- 2. the quick fix of `433` through the code action menu (the user picks the 443 one)
  local port
  for _, d in ipairs(vim.diagnostic.get(buffer)) do
    if d.message:find("433") then port = d end
  end
  vim.api.nvim_win_set_cursor(0, { port.lnum + 1, port.col })
  vim.ui.select = function(items, _, on_choice)
    for index, item in ipairs(items) do
      local action = item.action or item[2]
      if action.title:find("443") then return on_choice(item, index) end
    end
    on_choice(nil, nil)
  end
  vim.lsp.buf.code_action()
  vim.wait(WAIT, function()
    local line = vim.api.nvim_buf_get_lines(buffer, port.lnum, port.lnum + 1, false)[1]
    return line:find("443") ~= nil
  end, 50)
  result.fixed_line = vim.api.nvim_buf_get_lines(buffer, port.lnum, port.lnum + 1, false)[1]
  vim.wait(WAIT, function()
    for _, d in ipairs(vim.diagnostic.get(buffer)) do
      if d.message:find("433") then return false end
    end
    return true
  end, 50)
  result.port_findings_left = 0
  for _, d in ipairs(vim.diagnostic.get(buffer)) do
    if d.message:find("433") then result.port_findings_left = result.port_findings_left + 1 end
  end
  step("code action")

  -- 3. completion after `](#` on a new last line
  vim.api.nvim_buf_set_lines(buffer, -1, -1, false, { "", "[답](#" })
  local last = vim.api.nvim_buf_line_count(buffer)
  local line = vim.api.nvim_buf_get_lines(buffer, last - 1, last, false)[1]
  local _, utf16 = vim.str_utfindex(line)
  local responses = vim.lsp.buf_request_sync(buffer, "textDocument/completion", {
    textDocument = { uri = vim.uri_from_bufnr(buffer) },
    position = { line = last - 1, character = utf16 },
  }, WAIT)
  result.completion = {}
  for _, response in pairs(responses or {}) do
    local items = response.result and (response.result.items or response.result) or {}
    for _, item in ipairs(items) do table.insert(result.completion, item.label) end
  end
  vim.api.nvim_buf_set_lines(buffer, last - 2, last, false, {})
  step("completion")

  -- 4. rename a heading: the link to it in the other note follows
  local heading_line
  for number, text in ipairs(vim.api.nvim_buf_get_lines(buffer, 0, -1, false)) do
    if text:find("^## %[TCP와 UDP%]") then heading_line = number end
  end
  vim.api.nvim_win_set_cursor(0, { heading_line, 4 })
  vim.lsp.buf.rename("전송 계층")
  vim.wait(WAIT, function()
    local other_buffer = vim.fn.bufnr(other)
    if other_buffer == -1 then return false end
    local text = table.concat(vim.api.nvim_buf_get_lines(other_buffer, 0, -1, false), "\n")
    return text:find("전송%-계층") ~= nil
  end, 50)
  result.renamed_heading = vim.api.nvim_buf_get_lines(buffer, heading_line - 1, heading_line, false)[1]
  local other_buffer = vim.fn.bufnr(other)
  result.other_note = other_buffer ~= -1
      and table.concat(vim.api.nvim_buf_get_lines(other_buffer, 0, -1, false), "\n") or ""
  step("rename")
end)
if not ok then result.error = tostring(err) end
finish()

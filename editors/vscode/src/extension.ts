// The cscheck extension: starts `cscheck server` (a language server over stdio) for Markdown files.
// Everything it shows — findings, quick fixes, anchor completion, rename — comes from the server.
import * as vscode from "vscode";
import { LanguageClient, LanguageClientOptions, ServerOptions } from "vscode-languageclient/node";

let client: LanguageClient | undefined;

interface Command {
  command: string;
  args: string[];
}

// `cscheck.path` if set; else `python -m checker` with `cscheck.interpreter` or the Python
// extension's interpreter; else `cscheck` from PATH.
async function serverCommand(): Promise<Command> {
  const settings = vscode.workspace.getConfiguration("cscheck");
  const path = settings.get<string>("path", "").trim();
  if (path) {
    return { command: path, args: ["server", "--stdio"] };
  }
  const interpreter = settings.get<string>("interpreter", "").trim() || (await pythonExtensionInterpreter());
  if (interpreter) {
    return { command: interpreter, args: ["-m", "checker", "server", "--stdio"] };
  }
  return { command: "cscheck", args: ["server", "--stdio"] };
}

async function pythonExtensionInterpreter(): Promise<string | undefined> {
  const python = vscode.extensions.getExtension("ms-python.python");
  if (!python) {
    return undefined;
  }
  try {
    const api = python.isActive ? python.exports : await python.activate();
    const details = api?.settings?.getExecutionDetails?.(vscode.workspace.workspaceFolders?.[0]?.uri);
    const command: string[] | undefined = details?.execCommand;
    return command && command.length > 0 ? command[0] : undefined;
  } catch {
    return undefined;
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const { command, args } = await serverCommand();
  const serverOptions: ServerOptions = { command, args };
  const clientOptions: LanguageClientOptions = {
    // the server asks the client to watch the files it needs (notes, images, config files)
    documentSelector: [{ scheme: "file", language: "markdown" }],
  };
  client = new LanguageClient("cscheck", "cscheck", serverOptions, clientOptions);
  context.subscriptions.push(
    vscode.commands.registerCommand("cscheck.restart", async () => {
      await client?.restart();
    }),
  );
  try {
    await client.start();
  } catch (error) {
    void vscode.window.showErrorMessage(
      `cscheck: could not start \`${command} ${args.join(" ")}\` (pip install 'cscheck[lsp]'): ${error}`,
    );
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}

/**
 * The environment a child process (PowerShell, the browser opener) gets: this process's, minus
 * every variable whose name says it holds a secret. The DC password's own variable is removed
 * from process.env as soon as it is read (cli/connection-options.ts); this catches the rest
 * (a Graph token variable, a password an admin exported for another tool).
 */
const secretName = /pass(word)?|pwd|secret|token|credential|api[_-]?key/i;

export function childEnvironment(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(env).filter(([name, value]) => value !== undefined && !secretName.test(name)),
  );
}

/**
 * Development or packaged, decided by Electron (`app.isPackaged`), never by NODE_ENV, which a
 * packaged app never sets: the packaged app loads only its own app:// files (an
 * ELECTRON_RENDERER_URL in the environment is ignored) and has no DevTools.
 */
export interface ShellMode {
  /** electron-vite's dev server, in development only. */
  readonly devServer: string | undefined;
  readonly devTools: boolean;
}

export function shellMode(isPackaged: boolean, env: NodeJS.ProcessEnv): ShellMode {
  if (isPackaged) return { devServer: undefined, devTools: false };
  return { devServer: env['ELECTRON_RENDERER_URL'], devTools: true };
}

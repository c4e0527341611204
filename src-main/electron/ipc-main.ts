import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron'
import type { SlateCore } from '../host/slate-core'
import { dispatch, type CallOutcome } from '../api/registry'
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../../src-shared/ipc-channels'
import { isTrustedDevUrl, isTrustedSenderUrl } from './trusted-sender'

/**
 * The ONLY place in the main process that touches `ipcMain` (lint enforces it). One channel
 * carries every call of the contract; the registry validates name and arguments. The sender's
 * frame URL is checked before anything else runs.
 */
export function bindIpc(core: SlateCore, devServerUrl: string | undefined): () => void {
  const handler = async (event: IpcMainInvokeEvent, name: unknown, args: unknown): Promise<CallOutcome> => {
    const url = event.senderFrame?.url
    if (!isTrustedSenderUrl(url) && !isTrustedDevUrl(url, devServerUrl)) {
      return { ok: false, error: { code: 'unauthorized', message: 'IPC from an untrusted frame was refused' } }
    }
    return dispatch(core, typeof name === 'string' ? name : '', args)
  }
  ipcMain.handle(IPC_CALL_CHANNEL, handler)
  return () => ipcMain.removeHandler(IPC_CALL_CHANNEL)
}

/** Forward every contract event to one window's renderer. */
export function forwardEvents(core: SlateCore, contents: WebContents): () => void {
  return core.events.onAny((name, payload) => {
    if (!contents.isDestroyed()) contents.send(IPC_EVENT_CHANNEL, name, payload)
  })
}

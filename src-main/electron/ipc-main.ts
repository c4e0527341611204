import { ipcMain, type IpcMainEvent, type IpcMainInvokeEvent } from 'electron'
import type { SlateCore } from '../host/slate-core'
import type { CallOutcome } from '../api/registry'
import { IPC_CALL_CHANNEL, IPC_CANCEL_CHANNEL, IPC_EVENT_CHANNEL, IPC_SUBSCRIBE_CHANNEL } from '../../src-shared/ipc-channels'
import { isTrustedDevUrl, isTrustedSenderUrl } from './trusted-sender'
import { IpcSessions } from './ipc-sessions'

/**
 * The ONLY place in the main process that touches `ipcMain` (lint enforces it). One channel
 * carries every call of the contract (the registry validates name and arguments), one cancels a
 * call, one (un)subscribes the window to events; each window gets only the events it subscribed
 * to. The sender's frame URL is checked before anything else runs.
 */
export function bindIpc(core: SlateCore, devServerUrl: string | undefined): () => void {
  const sessions = new IpcSessions(core, IPC_EVENT_CHANNEL)
  const trusted = (event: IpcMainInvokeEvent | IpcMainEvent) => {
    const url = event.senderFrame?.url
    return isTrustedSenderUrl(url) || isTrustedDevUrl(url, devServerUrl)
  }
  const refused: CallOutcome = { ok: false, error: { code: 'unauthorized', message: 'IPC from an untrusted frame was refused' } }
  ipcMain.handle(IPC_CALL_CHANNEL, (event, name: unknown, args: unknown, callId: unknown, project: unknown) => (trusted(event) ? sessions.call(event.sender, name, args, callId, project) : refused))
  ipcMain.handle(IPC_SUBSCRIBE_CHANNEL, (event, name: unknown, key: unknown, on: unknown) => (trusted(event) ? sessions.subscribe(event.sender, name, key, on) : refused))
  const onCancel = (event: IpcMainEvent, callId: unknown) => {
    if (trusted(event)) sessions.cancel(event.sender, callId)
  }
  ipcMain.on(IPC_CANCEL_CHANNEL, onCancel)
  return () => {
    ipcMain.removeHandler(IPC_CALL_CHANNEL)
    ipcMain.removeHandler(IPC_SUBSCRIBE_CHANNEL)
    ipcMain.off(IPC_CANCEL_CHANNEL, onCancel)
    sessions.dispose()
  }
}

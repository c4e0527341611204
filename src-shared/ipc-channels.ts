/** The two raw IPC channels. Only src-main/electron/ipc-main.ts and src-preload use them. */
export const IPC_CALL_CHANNEL = 'slate:call'
export const IPC_EVENT_CHANNEL = 'slate:event'

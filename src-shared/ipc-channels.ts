/** The raw IPC channels. Only src-main/electron/ipc-main.ts and src-preload use them. */
export const IPC_CALL_CHANNEL = 'slate:call'
/** Renderer → main, fire and forget: `(callId)` cancels that call of this window. */
export const IPC_CANCEL_CHANNEL = 'slate:cancel'
/** Renderer → main, invoke: `(name, key | null, on: boolean)` subscribes or unsubscribes this window. */
export const IPC_SUBSCRIBE_CHANNEL = 'slate:subscribe'
/** Main → renderer: `(name, key, payload)` for subscribed events only. */
export const IPC_EVENT_CHANNEL = 'slate:event'
// Kept free of zod so the renderer can use it without pulling in the schema library.

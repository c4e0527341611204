import type { SlateCore } from './slate-core'

/**
 * Start the long-lived subsystems a UI-facing core needs (data layer, project index, watchers).
 * Each subsystem adds itself here; the CLI's one-shot commands start only what they use.
 */
export async function startCoreServices(core: SlateCore): Promise<void> {
  void core
}

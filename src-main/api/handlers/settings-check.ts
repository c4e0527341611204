import { testSetting } from '../../core/settings-connect'
import type { Handlers } from '../handler'

export const settingsCheckHandlers: Handlers<'settings-check.test'> = {
  'settings-check.test': (_core, { key, value }) => testSetting(key, value),
}

// Lint enforces the runtime boundaries of design.md (as VS Code's code-layering rule does):
//   * src-renderer runs in a browser: no Node built-ins, no runtime code from src-main (type-only
//     imports of the contract are fine), no electron.
//   * only the Electron glue (src-main/electron) and the preload import `electron`.
//   * raw ipcMain / ipcRenderer only inside their two wrappers (src-main/electron/ipc-main.ts, src-preload).
//   * inside src-main, folders sit in layers (eslint-rules/src-main-layers.js): a folder imports only
//     lower layers, and no import cycle exists, type imports included.
// test/lint/boundaries.test.ts and test/lint/layers.test.ts prove each rule fires.
import js from '@eslint/js'
import srcMainLayers from './eslint-rules/src-main-layers.js'
import tseslint from 'typescript-eslint'
import globals from 'globals'
import { builtinModules } from 'node:module'

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)]
const electronBan = { name: 'electron', message: 'Only the Electron glue (src-main/electron) and the preload may import electron.' }

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'resources/**', 'test/lint/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    ignores: ['src-renderer/**'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { paths: [electronBan] }],
    },
  },
  {
    files: ['src-main/**/*.ts'],
    plugins: { slate: srcMainLayers },
    rules: { 'slate/layers': 'error', 'slate/no-import-cycle': 'error' },
  },
  {
    files: ['src-main/electron/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', importNames: ['ipcMain', 'ipcRenderer'], message: 'Raw IPC only in src-main/electron/ipc-main.ts.' }] },
      ],
    },
  },
  {
    files: ['src-main/electron/ipc-main.ts', 'src-preload/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': 'off' },
  },
  {
    // src-shared is loaded by every runtime (renderer, preload, core): plain data and schemas only.
    files: ['src-shared/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            ...nodeBuiltins.map((name) => ({ name, message: 'src-shared runs in the renderer too: no Node built-ins.' })),
            electronBan,
          ],
          patterns: [{ group: ['**/src-main/**', '**/src-renderer/**', '**/src-preload/**'], message: 'src-shared depends on nothing but itself and zod.' }],
        },
      ],
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            ...nodeBuiltins.map((name) => ({ name, message: 'The renderer runs in a browser sandbox: no Node built-ins. Ask the core through the API contract.' })),
            { name: 'electron', message: 'The renderer reaches the core only through the contract (window.slate or the WebSocket).' },
          ],
          patterns: [
            {
              group: ['**/src-main/**', '**/src-preload/**'],
              allowTypeImports: true,
              message: 'The renderer may import only types from the core; calls go through the API contract.',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', { name: 'require', message: 'No require in the renderer.' }, { name: 'process', message: 'No process in the renderer.' }],
    },
  },
)

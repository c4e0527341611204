// Monaco ships no typings for its Monarch definitions; these two are used for HLSL and USS.
declare module 'monaco-editor/languages/definitions/cpp/cpp' {
  import type { languages } from 'monaco-editor/editor/editor.api'
  export const language: languages.IMonarchLanguage
  export const conf: languages.LanguageConfiguration
}
declare module 'monaco-editor/languages/definitions/css/css' {
  import type { languages } from 'monaco-editor/editor/editor.api'
  export const language: languages.IMonarchLanguage
  export const conf: languages.LanguageConfiguration
}
declare module 'monaco-editor/languages/definitions/yaml/yaml' {
  import type { languages } from 'monaco-editor/editor/editor.api'
  export const language: languages.IMonarchLanguage
  export const conf: languages.LanguageConfiguration
}

import type * as Monaco from 'monaco-editor/editor/editor.api'

/**
 * ShaderLab is not one of Monaco's languages: a Monarch tokenizer for its block structure
 * (Shader/Properties/SubShader/Pass/Tags…), with the embedded HLSL/CG between CGPROGRAM/HLSLPROGRAM
 * and ENDCG/ENDHLSL highlighted as HLSL.
 */
export function registerShaderLab(monaco: typeof Monaco): void {
  monaco.languages.register({ id: 'shaderlab', extensions: ['.shader'], aliases: ['ShaderLab', 'shader'] })
  monaco.languages.setLanguageConfiguration('shaderlab', {
    comments: { lineComment: '//', blockComment: ['/*', '*/'] },
    brackets: [
      ['{', '}'],
      ['[', ']'],
      ['(', ')'],
    ],
    autoClosingPairs: [
      { open: '{', close: '}' },
      { open: '[', close: ']' },
      { open: '(', close: ')' },
      { open: '"', close: '"' },
    ],
  })
  monaco.languages.setMonarchTokensProvider('shaderlab', {
    defaultToken: '',
    blocks: ['Shader', 'Properties', 'SubShader', 'Pass', 'Tags', 'Category', 'Fallback', 'FallBack', 'CustomEditor', 'Dependency', 'UsePass', 'GrabPass', 'Name', 'LOD', 'Stencil', 'PackageRequirements', 'HLSLINCLUDE', 'CGINCLUDE'],
    commands: ['Cull', 'ZWrite', 'ZTest', 'Blend', 'BlendOp', 'ColorMask', 'Offset', 'AlphaToMask', 'Lighting', 'Fog', 'Conservative', 'ZClip', 'Ref', 'Comp', 'Pass', 'ReadMask', 'WriteMask', 'Fail', 'ZFail'],
    propertyTypes: ['Float', 'Int', 'Integer', 'Range', 'Color', 'Vector', '2D', '3D', 'Cube', '2DArray', 'CubeArray', 'Any'],
    hlslKeywords: ['float', 'float2', 'float3', 'float4', 'half', 'half2', 'half3', 'half4', 'int', 'uint', 'bool', 'fixed', 'fixed4', 'float4x4', 'float3x3', 'sampler2D', 'Texture2D', 'SamplerState', 'struct', 'return', 'if', 'else', 'for', 'while', 'void', 'in', 'out', 'inout', 'uniform', 'static', 'const', 'cbuffer', 'CBUFFER_START', 'CBUFFER_END'],
    tokenizer: {
      root: [
        [/\b(CGPROGRAM|HLSLPROGRAM|GLSLPROGRAM)\b/, { token: 'keyword', next: '@program' }],
        [/\/\/.*$/, 'comment'],
        [/\/\*/, 'comment', '@comment'],
        [/"([^"\\]|\\.)*"/, 'string'],
        [/\[[A-Za-z_][\w]*(\([^)]*\))?\]/, 'annotation'],
        [/_[A-Za-z]\w*/, 'variable'],
        [/-?\d+(\.\d+)?/, 'number'],
        [/[A-Za-z_]\w*/, { cases: { '@blocks': 'keyword', '@commands': 'type', '@propertyTypes': 'type', '@default': 'identifier' } }],
        [/[{}()[\]]/, '@brackets'],
      ],
      comment: [
        [/[^/*]+/, 'comment'],
        [/\*\//, 'comment', '@pop'],
        [/[/*]/, 'comment'],
      ],
      program: [
        [/\b(ENDCG|ENDHLSL|ENDGLSL)\b/, { token: 'keyword', next: '@pop' }],
        [/\/\/.*$/, 'comment'],
        [/\/\*/, 'comment', '@comment'],
        [/#\s*\w+/, 'keyword.directive'],
        [/"([^"\\]|\\.)*"/, 'string'],
        [/-?\d+(\.\d+)?[fhFH]?/, 'number'],
        [/[A-Za-z_]\w*/, { cases: { '@hlslKeywords': 'keyword', '@default': 'identifier' } }],
      ],
    },
  } as Monaco.languages.IMonarchLanguage)
}

/** A short label and a palette colour per asset type: readable without icon fonts, and scannable in a grid. */
const ICONS: Record<string, [string, string]> = {
  Folder: ['▤', 'var(--slate-400)'],
  Script: ['C#', 'var(--purple)'],
  Material: ['MAT', 'var(--green)'],
  Prefab: ['PFB', 'var(--blue)'],
  Scene: ['SCN', 'var(--orange)'],
  Texture: ['TEX', '#38bdf8'],
  Model: ['3D', '#2dd4bf'],
  Shader: ['SH', '#f472b6'],
  ShaderGraph: ['SG', '#f472b6'],
  ShaderInclude: ['HLSL', '#f472b6'],
  ComputeShader: ['CS', '#f472b6'],
  Audio: ['AUD', '#facc15'],
  Video: ['VID', '#facc15'],
  AnimationClip: ['ANIM', '#fb923c'],
  AnimatorController: ['CTRL', '#fb923c'],
  Font: ['Aa', 'var(--slate-100)'],
  ScriptableObject: ['SO', '#a3e635'],
  AssemblyDefinition: ['ASM', 'var(--purple)'],
  Missing: ['?', 'var(--red)'],
}

export function assetIcon(type: string): { label: string; color: string } {
  const hit = ICONS[type]
  return hit ? { label: hit[0], color: hit[1] } : { label: type.slice(0, 3).toUpperCase() || '•', color: 'var(--slate-400)' }
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`
  return `${(n / 1024 / 1024).toFixed(1)} MB`
}

export const PROBLEM_TEXT: Record<string, string> = {
  'lfs-pointer': 'Git LFS pointer: the real file is not checked out (git lfs pull)',
  'orphan-meta': 'Only the .meta exists: the asset file is missing',
  'missing-reference': 'References an asset that does not exist: no .meta of the project or of any of its packages declares the GUID',
  'missing-meta': 'No .meta file: Unity will generate a new GUID',
  'duplicate-guid': 'Another asset declares the same GUID',
  'meta-conflict': 'Merge conflict markers in the .meta',
  'case-mismatch': 'The .meta name differs from the asset only in letter case',
  'binary-serialized': 'Binary-serialized: references cannot be read',
  unparseable: 'Could not be parsed',
  'link-outside': 'A symbolic link out of the project: not indexed or opened',
  'link-loop': 'A symbolic link in a loop: not followed',
  'unreadable-name': 'A name that is not valid UTF-8: not indexed; rename it',
}

/**
 * A value read from Unity's YAML: every scalar stays a string (see unity-yaml.ts for why). Its own
 * module so the scalar reader (yaml-scalars.ts) and the document reader (unity-yaml.ts) can share
 * it without importing each other.
 */
export type YamlValue = string | null | YamlValue[] | YamlMap
export interface YamlMap {
  [key: string]: YamlValue
}
